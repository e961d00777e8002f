/* Switchback web widget: <script src="https://<studio>/widget.js" data-key="sb_pub_…" async></script>
   Vanilla JS, no build step. Talks to /api/v1/widget/* on the studio that served this file; the key only
   works from the origins allowed in the studio. The conversation survives page loads (localStorage).
   A signed-in shopper: data-identity-token="<token your server signed>" on the tag, or
   window.Switchback.identify(token) after sign-in; the next conversation starts as that customer, verified. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="widget.js"][data-key]');
  if (!script || window.__switchbackWidget) return;
  window.__switchbackWidget = true;
  var key = script.getAttribute("data-key");
  var base = new URL(script.src, location.href).origin;
  var identityToken = script.getAttribute("data-identity-token") || null;
  var store = storeFor(identityToken);

  // Conversations are kept per customer: the token's id (read, not trusted: the server verifies the token).
  function storeFor(token) {
    var who = "";
    try {
      var part = token ? token.split(".")[1] : "";
      var claims = part ? JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) : null;
      who = claims ? String(claims.id || claims.sub || "") : "";
    } catch {
      who = "";
    }
    return "switchback:" + key + ":" + (who ? "customer:" + who + ":" : "");
  }
  window.Switchback = {
    identify: function (token) {
      identityToken = token || null;
      store = storeFor(identityToken);
    },
  };

  function id() {
    return Math.random().toString(36).slice(2) + Date.now().toString(36);
  }
  function saved(name, value) {
    try {
      if (value === undefined) return localStorage.getItem(store + name);
      if (value === null) localStorage.removeItem(store + name);
      else localStorage.setItem(store + name, value);
    } catch {
      return null; // storage blocked (private mode): the chat still works for this page view
    }
  }
  function api(method, path, body, headers) {
    var h = { "content-type": "application/json" };
    for (var k in headers || {}) h[k] = headers[k];
    return fetch(base + "/api/v1/widget" + path + "?key=" + encodeURIComponent(key), { method: method, headers: h, body: body ? JSON.stringify(body) : undefined }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw Object.assign(new Error((data.error && data.error.message) || "Request failed"), { status: r.status });
        return data;
      });
    });
  }
  // The launcher's icon is drawn, not typed: an emoji is an empty box on a system without an emoji font.
  // SVG elements only render when created in the SVG namespace, with a viewBox to scale the path into.
  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    var attrs = { viewBox: "0 0 24 24", width: "26", height: "26", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false" };
    for (var a in attrs) svg.setAttribute(a, attrs[a]);
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M7.9 20A9 9 0 1 0 4 16.1L2 22Z"); // a speech bubble (Lucide's message-circle, ISC)
    svg.appendChild(path);
    return svg;
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var a in attrs || {}) e.setAttribute(a, attrs[a]);
    if (text) e.textContent = text;
    return e;
  }

  api("GET", "/config").then(function (config) {
    var t = config.theme;
    var host = el("div", { id: "switchback-widget" });
    var root = host.attachShadow({ mode: "open" });
    var side = t.position === "left" ? "left" : "right";
    var style = el("style");
    style.textContent =
      ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,sans-serif}" +
      ".launch{position:fixed;bottom:20px;" + side + ":20px;width:56px;height:56px;display:flex;align-items:center;justify-content:center;padding:0;border-radius:50%;border:0;background:" + t.color + ";color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25);z-index:2147483000}" +
      ".panel{position:fixed;bottom:88px;" + side + ":20px;width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 120px);display:none;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.2);overflow:hidden;z-index:2147483000}" +
      ".panel.open{display:flex}.head{display:flex;align-items:center;gap:8px;padding:12px;background:" + t.color + ";color:#fff;font-weight:600;font-size:15px}" +
      ".head img,.head .av{width:28px;height:28px;border-radius:50%;background:rgba(255,255,255,.25);object-fit:cover;display:flex;align-items:center;justify-content:center;font-size:13px}" +
      ".head .x{margin-left:auto;background:none;border:0;color:#fff;font-size:20px;cursor:pointer}" +
      ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;font-size:14px;line-height:1.4}" +
      ".msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}.msg[data-role=agent],.msg[data-role=human]{background:#f1f1f4;color:#18181b;align-self:flex-start}" +
      ".msg[data-role=customer]{background:" + t.color + ";color:#fff;align-self:flex-end}.msg.busy{opacity:.6}.err{color:#b91c1c;font-size:12px}" +
      ".msg[data-role=human]{background:#ecfdf5;border:1px solid #a7f3d0}.msg .who{display:block;font-size:11px;font-weight:600;color:#047857;margin-bottom:2px}" +
      ".status{padding:6px 12px;font-size:12px;color:#3f3f46;background:#fafafa;border-bottom:1px solid #eee}.status:empty{display:none}.note{align-self:center;font-size:12px;color:#71717a;text-align:center}" +
      ".starters{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}.starters button{border:1px solid " + t.color + ";color:" + t.color + ";background:#fff;border-radius:999px;padding:4px 10px;font-size:12px;cursor:pointer}" +
      "form{display:flex;gap:6px;padding:8px;border-top:1px solid #eee}input{flex:1;border:1px solid #ddd;border-radius:8px;padding:8px;font-size:14px}" +
      "form button{border:0;border-radius:8px;padding:0 14px;background:" + t.color + ";color:#fff;font-weight:600;cursor:pointer}form button:disabled{opacity:.5}";
    root.appendChild(style);

    var launch = el("button", { class: "launch", type: "button", "aria-label": "Open chat", "aria-expanded": "false", "data-testid": "widget-launcher" });
    launch.appendChild(icon());
    var panel = el("div", { class: "panel", role: "dialog", "aria-label": t.title });
    var head = el("div", { class: "head" });
    head.appendChild(t.avatarUrl ? el("img", { src: t.avatarUrl, alt: "" }) : el("span", { class: "av" }, (config.agent || "?").slice(0, 1)));
    head.appendChild(el("span", {}, t.title));
    var close = el("button", { class: "x", "aria-label": "Close chat" }, "×");
    head.appendChild(close);
    var status = el("div", { class: "status", role: "status", "data-testid": "widget-status" });
    var log = el("div", { class: "log", role: "log", "aria-live": "polite" });
    var starters = el("div", { class: "starters" });
    var form = el("form");
    var input = el("input", { "aria-label": "Message", placeholder: "Type a message…", maxlength: "4000", autocomplete: "off" });
    var send = el("button", { type: "submit" }, "Send");
    form.appendChild(input);
    form.appendChild(send);
    [head, status, log, starters, form].forEach(function (n) {
      panel.appendChild(n);
    });
    root.appendChild(panel);
    root.appendChild(launch);
    document.body.appendChild(host);

    var conversation = null;
    var busy = false;
    var seen = {}; // message ids on screen: the stream and a reply's response may both carry one
    function add(role, text, extra, author) {
      var m = el("div", { class: "msg" + (extra ? " " + extra : ""), "data-role": role, "data-testid": "widget-message" });
      if (role === "human") m.appendChild(el("span", { class: "who" }, author || "Support team"));
      m.appendChild(document.createTextNode(text));
      log.appendChild(m);
      log.scrollTop = log.scrollHeight;
      return m;
    }
    function show(m) {
      if (m.id && seen[m.id]) return;
      if (m.id) seen[m.id] = true;
      add(m.role, m.text, "", m.authorName);
    }
    function note(text) {
      log.appendChild(el("p", { class: "note", "data-testid": "widget-note" }, text));
      log.scrollTop = log.scrollHeight;
    }
    // Where the customer stands while a person is on the way (the API words it: place, when to expect an answer).
    function queued(q) {
      return (q && q.message) || "";
    }
    function onOwner(c) {
      var who = c.assignee && c.assignee.name;
      if (c.owner === "waiting_for_human") status.textContent = "A person is joining the conversation. " + queued(c.queue);
      else if (c.owner === "human") status.textContent = (who || "A person") + " from the team is here";
      else status.textContent = "";
    }
    // Live delivery: AI and human messages and owner changes, resumed after the last event id seen.
    var stream = null;
    var typingTimer = 0;
    function follow(id) {
      if (stream || typeof EventSource === "undefined") return;
      var last = saved("event:" + id);
      stream = new EventSource(base + "/api/v1/widget/conversations/" + id + "/events?key=" + encodeURIComponent(key) + (last ? "&lastEventId=" + encodeURIComponent(last) : ""));
      function handle(e) {
        var data;
        try {
          data = JSON.parse(e.data);
        } catch {
          return; // a comment or keep-alive
        }
        if (e.lastEventId) saved("event:" + id, e.lastEventId);
        var type = data.type || e.type;
        var p = data.payload || data;
        if (type === "message.created" && p.message) {
          if (p.message.role === "customer") return; // shown when sent
          typing.remove();
          show(p.message);
        } else if (type === "typing") {
          typing.textContent = (p.name || "A person") + " is typing…";
          log.appendChild(typing);
          clearTimeout(typingTimer);
          typingTimer = setTimeout(function () {
            typing.remove();
          }, 6000);
        } else if (type === "conversation.handoff") {
          onOwner({ owner: "waiting_for_human" });
          // The event says a person is on the way; the conversation says where the customer stands in the queue.
          api("GET", "/conversations/" + id).then(onOwner, function () {
            return null; // the status line keeps "a person is joining"
          });
        } else if (type === "conversation.claimed" || type === "conversation.assigned") {
          if (p.assignee) note(p.assignee.name + " joined the conversation");
          onOwner({ owner: "human", assignee: p.assignee });
        } else if (type === "conversation.handed_back") {
          onOwner({ owner: "ai" });
          note("You are chatting with " + (config.agent || "our assistant") + " again");
        } else if (type === "conversation.resolved" || type === "conversation.closed") {
          onOwner({ owner: "ai" });
          if (type === "conversation.closed") note("This conversation has ended");
        }
      }
      stream.onerror = function () {
        // A refused resume point (e.g. events pruned) closes the stream for good: start over from the beginning.
        if (stream.readyState !== 2 || !saved("event:" + id)) return;
        stream = null;
        saved("event:" + id, null);
        setTimeout(function () {
          follow(id);
        }, 3000);
      };
      stream.onmessage = handle;
      ["message.created", "typing", "conversation.handoff", "conversation.claimed", "conversation.assigned", "conversation.handed_back", "conversation.resolved", "conversation.closed"].forEach(function (type) {
        stream.addEventListener(type, handle);
      });
    }
    var typing = el("p", { class: "note", "data-testid": "widget-typing" });
    function fail(error) {
      log.appendChild(el("p", { class: "err", role: "alert" }, error.message));
    }
    function start() {
      var visitor = saved("visitor") || id();
      saved("visitor", visitor);
      var existing = saved("conversation");
      var resume = existing
        ? api("GET", "/conversations/" + existing).then(function (c) {
            return c.endedAt ? null : c;
          }, function () {
            return null;
          })
        : Promise.resolve(null);
      var metadata = { page: location.pathname.slice(0, 200) };
      return resume.then(function (c) {
        if (c) return c;
        if (!identityToken) return api("POST", "/conversations", { customer: { id: visitor }, metadata: metadata });
        // A token works once: a refused one (expired, replayed…) leaves the visitor chatting unverified.
        var token = identityToken;
        identityToken = null;
        return api("POST", "/conversations", { identityToken: token, metadata: metadata }).catch(function (e) {
          if (e.status !== 401) throw e;
          console.warn("[switchback widget]", e.message);
          return api("POST", "/conversations", { customer: { id: visitor }, metadata: metadata });
        });
      }).then(function (c) {
        conversation = c;
        saved("conversation", c.id);
        c.messages.forEach(show);
        onOwner(c);
        follow(c.id);
        if (c.messages.length <= 1) {
          t.starterPrompts.forEach(function (p) {
            var b = el("button", { type: "button" }, p);
            b.onclick = function () {
              say(p);
            };
            starters.appendChild(b);
          });
        }
      });
    }
    function say(text) {
      if (!conversation || busy || !text.trim()) return;
      busy = true;
      send.disabled = true;
      starters.textContent = "";
      add("customer", text);
      var pending = add("agent", "…", "busy");
      api("POST", "/conversations/" + conversation.id + "/messages", { text: text }, { "idempotency-key": id() })
        .then(function (turn) {
          pending.remove();
          turn.messages.forEach(show);
          if (turn.owner) onOwner(turn);
        }, function (e) {
          pending.remove();
          if (e.status === 409) saved("conversation", null);
          fail(e);
        })
        .then(function () {
          busy = false;
          send.disabled = false;
          input.focus();
        });
    }
    var started = null;
    function toggle(open) {
      panel.classList.toggle("open", open);
      launch.setAttribute("aria-expanded", String(open));
      if (open) {
        started = started || start().catch(fail);
        input.focus();
      }
    }
    launch.onclick = function () {
      toggle(!panel.classList.contains("open"));
    };
    close.onclick = function () {
      toggle(false);
    };
    form.onsubmit = function (e) {
      e.preventDefault();
      var text = input.value;
      input.value = "";
      say(text);
    };
  }).catch(function (e) {
    console.warn("[switchback widget]", e.message);
  });
})();

import { describe, expect, it } from "vitest";
import { renderGreeting } from "./greeting";

describe("renderGreeting", () => {
  const template = "Hi{{#memory.preferred_name}} {{memory.preferred_name}}, welcome back{{/memory.preferred_name}}! Your plan: {{customer.attributes.plan|default:none}}.";

  it("shows a section only when its value is known, and renders memory and customer values", () => {
    expect(renderGreeting(template, { memory: { preferred_name: "Yara" }, customer: { attributes: { plan: "gold" } } })).toBe("Hi Yara, welcome back! Your plan: gold.");
    expect(renderGreeting(template, { memory: {}, customer: {} })).toBe("Hi! Your plan: none.");
    expect(renderGreeting(template, { memory: { preferred_name: "" }, customer: {} })).toBe("Hi! Your plan: none.");
  });

  it("leaves a greeting without templates as it is", () => {
    expect(renderGreeting("Hi,  I'm Sam.", { memory: { preferred_name: "Yara" } })).toBe("Hi,  I'm Sam.");
  });
});

// The one role → permission table. The tRPC ladder (`requirePermission`) and the UI (`useCan`) both read it.
export const roles = ["owner", "admin", "builder", "reviewer", "agent", "viewer"] as const;
export type Role = (typeof roles)[number];

export const permissions = {
  "workspace:read": ["owner", "admin", "builder", "reviewer", "agent", "viewer"],
  "workspace:update": ["owner", "admin"],
  "members:read": ["owner", "admin", "builder", "reviewer", "agent", "viewer"],
  "members:manage": ["owner", "admin"],
  "audit:read": ["owner", "admin"],
  "agents:read": ["owner", "admin", "builder", "reviewer", "agent", "viewer"],
  "agents:write": ["owner", "admin", "builder"],
  "conversations:read": ["owner", "admin", "builder", "reviewer", "agent", "viewer"],
  "knowledge:write": ["owner", "admin", "builder"],
  "journeys:write": ["owner", "admin", "builder"],
  "releases:publish": ["owner", "admin", "builder"],
  "apikeys:manage": ["owner", "admin"],
  "widget:manage": ["owner", "admin", "builder"],
  "policies:write": ["owner", "admin", "builder"],
  "tools:write": ["owner", "admin", "builder"],
  "secrets:manage": ["owner", "admin"],
  "settings:manage": ["owner", "admin"],
  // The handoff inbox: claim, reply, note, hand back, resolve; running a tool from it goes through the gate.
  "inbox:work": ["owner", "admin", "agent"],
  // Overriding the gate's denial of a person's tool call (with a reason, audited).
  "inbox:override": ["owner", "admin"],
  // Review: define tags, tag, write notes and corrections on conversations (everyone who reads
  // conversations reads them); moderating edits and deletes other people's notes and corrections.
  "review:write": ["owner", "admin", "reviewer"],
  "review:moderate": ["owner", "admin"],
  // Review queues: create, edit and delete them (working their items is "review:write").
  "review:queues": ["owner", "admin"],
  // Evals: write suites and cases and run them (everyone who reads agents reads suites and runs).
  "evals:write": ["owner", "admin", "builder"],
  // "Make this a test" from review: a case from a conversation (and its corrections) into a suite that
  // does not gate publishing, or a new one (suites, runs and gating stay "evals:write").
  "evals:cases_from_review": ["owner", "admin", "builder", "reviewer"],
  // Publishing over a failing gating eval case, with a reason (audited).
  "releases:override": ["owner", "admin"],
  // Privacy (issue 20): forget or export a customer, retention and redaction settings (all audited).
  "privacy:manage": ["owner", "admin"],
  // Insights: recompute an agent's topics, check it for anomalies now, acknowledge its alerts (audited).
  "insights:manage": ["owner", "admin", "builder", "reviewer"],
  // Customers (issue 20): profiles and memory are read by everyone who reads conversations; editing or
  // deleting a memory, the memory settings and the identity secret are the admins'.
  "customers:read": ["owner", "admin", "builder", "reviewer", "agent", "viewer"],
  "customers:manage": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  builder: "Builder",
  reviewer: "Reviewer",
  agent: "Human agent",
  viewer: "Viewer",
};

/** Roles an actor may hand out: only owners make owners. */
export function assignableRoles(actor: Role): Role[] {
  return actor === "owner" ? [...roles] : roles.filter((r) => r !== "owner");
}

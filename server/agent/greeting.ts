import { evaluate, renderText, type Scope } from "./journey/expressions";

const SECTION = /\{\{#\s*([^{}]+?)\s*\}\}([\s\S]*?)\{\{\/\s*\1\s*\}\}/g;

const present = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/**
 * The persona's greeting for one conversation: templates as in journey text (`{{memory.preferred_name}}`,
 * `{{customer.attributes.plan|default:…}}`), plus sections shown only when their value is known:
 * `{{#memory.preferred_name}}Welcome back, {{memory.preferred_name}}! {{/memory.preferred_name}}`.
 * A greeting without templates is returned as it is.
 */
export function renderGreeting(template: string, scope: Scope): string {
  if (!template.includes("{{")) return template;
  const withSections = template.replace(SECTION, (_, expr: string, body: string) => (present(evaluate(expr, scope)) ? body : ""));
  return renderText(withSections, scope).replace(/[ \t]{2,}/g, " ").trim();
}

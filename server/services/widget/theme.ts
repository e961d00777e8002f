import { z } from "zod";

// The widget's look, edited in the studio and served to widget.js. Pure: the studio's preview uses it too.

export const widgetThemeSchema = z.object({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour like #4f46e5").default("#4f46e5"),
  title: z.string().trim().min(1, "Give the chat window a title").max(60).default("Chat with us"),
  avatarUrl: z.union([z.url({ message: "Use a full https:// URL for the avatar" }).refine((u) => /^https?:\/\//.test(u), "Use an http(s) URL"), z.literal("")]).default(""),
  position: z.enum(["right", "left"]).default("right"),
  starterPrompts: z.array(z.string().trim().min(1).max(80)).max(4, "At most 4 starter prompts").default([]),
});
export type WidgetTheme = z.infer<typeof widgetThemeSchema>;

export const defaultWidgetTheme: WidgetTheme = widgetThemeSchema.parse({});

/** `https://shop.example.com/` → `https://shop.example.com`; anything that is not an http(s) origin → null. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

export const allowedOriginsSchema = z
  .array(z.string())
  .max(20, "At most 20 origins")
  .transform((list, ctx) => {
    const out: string[] = [];
    for (const raw of list.filter((x) => x.trim())) {
      const origin = normalizeOrigin(raw);
      if (!origin) {
        ctx.addIssue({ code: "custom", message: `${raw} is not a website origin like https://shop.example.com` });
        return z.NEVER;
      }
      if (!out.includes(origin)) out.push(origin);
    }
    return out;
  });

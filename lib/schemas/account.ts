import { z } from "zod";

const commonPasswords = new Set(["password", "password1", "password123", "1234567890", "qwertyuiop", "letmein123", "iloveyou12"]);

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address"));

export const passwordSchema = z
  .string()
  .min(10, "Use a password of at least 10 characters")
  .max(200, "Use a password of at most 200 characters")
  .refine((p) => !commonPasswords.has(p.toLowerCase()), "This password is too common: choose another")
  .refine((p) => new Set(p).size >= 4, "This password is too repetitive: choose another");

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: emailSchema,
  password: passwordSchema,
});

export const signInInput = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

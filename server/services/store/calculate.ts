import { invalid } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import { roundCents } from "./money";

/**
 * Evaluates + - * / and parentheses over decimal numbers, rounded to cents. A small recursive-descent
 * parser rather than eval: the expression comes from a model that may be steered by the customer.
 */
export function calculate(_ctx: unknown, args: StoreToolArgs<"calculate">): number {
  const tokens = args.expression.match(/\d+(?:\.\d+)?|\.\d+|[-+*/()]|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (): never => {
    throw invalid(`Invalid expression: ${args.expression}`);
  };

  const primary = (): number => {
    const token = tokens[pos++] ?? fail();
    if (token === "(") {
      const value = sum();
      if (tokens[pos++] !== ")") fail();
      return value;
    }
    if (token === "-") return -primary();
    if (token === "+") return primary();
    return /^(\d|\.)/.test(token) ? Number(token) : fail();
  };
  const product = (): number => {
    let value = primary();
    while (peek() === "*" || peek() === "/") {
      const op = tokens[pos++];
      const right = primary();
      if (op === "/" && right === 0) throw invalid("Division by zero");
      value = op === "*" ? value * right : value / right;
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === "+" || peek() === "-") value = tokens[pos++] === "+" ? value + product() : value - product();
    return value;
  };

  const result = sum();
  if (pos !== tokens.length) fail();
  return roundCents(result);
}

import type { UseQueryResult } from "@tanstack/react-query";
import { errorMessage } from "@/lib/form-errors";
import { FormError } from "./form-field";

interface QueryViewProps<TData> {
  query: UseQueryResult<TData, unknown>;
  /** Shown instead of `children` when the data is empty. */
  empty?: React.ReactNode;
  /** What counts as empty; by default an empty array. */
  isEmpty?: (data: TData) => boolean;
  children: (data: TData) => React.ReactNode;
}

const isEmptyArray = (data: unknown) => Array.isArray(data) && data.length === 0;

/** A query's states in one place: a skeleton while it loads, its error, the empty state, then the data. */
export function QueryView<TData>({ query, empty, isEmpty = isEmptyArray, children }: QueryViewProps<TData>) {
  if (query.isPending) return <div className="h-40 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) return <FormError>{errorMessage(query.error)}</FormError>;
  if (empty !== undefined && isEmpty(query.data)) return empty;
  return children(query.data);
}

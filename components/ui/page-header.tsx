import { cn } from "./cn";

interface PageHeaderProps {
  title: React.ReactNode;
  description?: React.ReactNode;
  /**
   * Buttons or links beside the heading. Passing the prop at all (even `null`, e.g. when the caller lacks
   * the permission) lays the header out as a row; leaving it out renders the heading block alone.
   */
  actions?: React.ReactNode;
  /** Adjusts the row's layout, e.g. `items-end`; ignored without `actions`. */
  className?: string;
}

/** The title block at the top of a studio page. */
export function PageHeader({ title, description, actions, className }: PageHeaderProps) {
  const heading = (
    <div>
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      {description ? <p className="text-sm text-zinc-500">{description}</p> : null}
    </div>
  );
  if (actions === undefined) return heading;
  return (
    <div className={cn("flex flex-wrap items-start justify-between gap-4", className)}>
      {heading}
      {actions}
    </div>
  );
}

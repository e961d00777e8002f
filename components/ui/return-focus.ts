"use client";

import { useRef } from "react";

type FocusEventHandler = (event: Event) => void;

/**
 * Gives focus back to the element that had it when a dialog opened. Radix returns focus only to its own
 * Trigger; our dialogs are controlled (opened by any button, a menu item, a keyboard shortcut), so without
 * this focus fell to <body> on close and a keyboard user started over from the top of the page.
 */
export function useReturnFocus(handlers: { onOpenAutoFocus?: FocusEventHandler; onCloseAutoFocus?: FocusEventHandler }) {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus(event: Event) {
      // Fired before Radix moves focus inside, so the active element is still the opener.
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      handlers.onOpenAutoFocus?.(event);
    },
    onCloseAutoFocus(event: Event) {
      handlers.onCloseAutoFocus?.(event);
      const target = opener.current;
      opener.current = null;
      // An opener that is gone (a menu item, a deleted row) leaves Radix's own behaviour in place.
      if (event.defaultPrevented || !target?.isConnected || target === document.body) return;
      event.preventDefault();
      target.focus();
    },
  };
}

import { useSyncExternalStore } from 'react';

/**
 * When the viewer takes its phone layout: a phone held either way (390×844 portrait, 844×390
 * landscape) and, by the same rule, a laptop at 200 % browser zoom (640×400 CSS px), where the
 * desktop layout would no longer fit. styles/phone.css repeats this query (CSS cannot import
 * it): change both together.
 */
export const PHONE_LAYOUT_QUERY = '(max-width: 480px), (max-height: 480px)';

/**
 * When a grid's toolbars go behind one Tools button: the phone layout, and a tablet held
 * upright, where a 2×2 grid's cells are under 300 px wide and their toolbars, wrapped, would
 * take most of each cell's height. Wider screens keep every toolbar in view.
 */
export const TOOLS_MENU_QUERY = '(max-width: 1023px), (max-height: 480px)';

/** Whether the primary input is a finger: touch targets grow to 44 CSS px and swipes scroll. */
export const COARSE_POINTER_QUERY = '(pointer: coarse)';

function subscribeTo(query: string) {
  return (onChange: () => void) => {
    const list = window.matchMedia(query);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  };
}

const subscribers = new Map<string, (onChange: () => void) => () => void>();

/** Whether a media query matches now; the component renders again when that changes (a rotation, say). */
export function useMediaQuery(query: string): boolean {
  let subscribe = subscribers.get(query);
  if (!subscribe) {
    subscribe = subscribeTo(query);
    subscribers.set(query, subscribe);
  }
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => false);
}

/** Whether the viewer is in its phone layout (see PHONE_LAYOUT_QUERY). */
export function useIsPhoneLayout(): boolean {
  return useMediaQuery(PHONE_LAYOUT_QUERY);
}

/** Whether toolbars sit behind a Tools button (see TOOLS_MENU_QUERY). */
export function useToolsMenu(): boolean {
  return useMediaQuery(TOOLS_MENU_QUERY);
}

import type { Locator, Page } from '@playwright/test';

/**
 * Layout checks from bounding boxes, never from screenshots: what a reader would call text on
 * top of text, a page wider than the screen, or a control cut off. Each runs in the page and
 * returns what it found, described well enough to find the element.
 */

export interface TextOverlap {
  readonly first: string;
  readonly second: string;
  /** The shared area's width and height, CSS px. */
  readonly width: number;
  readonly height: number;
}

/**
 * Pairs of visible text boxes that overlap by more than `tolerance` px both ways. A text box is
 * one line of one text node (Range.getClientRects), cut to what its scrolling or clipping
 * ancestors and the window let through; text nobody can see (display: none, visibility: hidden,
 * transparent, clipped to nothing) has no box. Check with menus and sheets closed: an open menu
 * lies over the page on purpose.
 */
export async function overlappingTextBoxes(page: Page, tolerance = 1): Promise<TextOverlap[]> {
  return page.evaluate((tolerance) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const describe = (element: Element, text: string) => {
      const id = element.closest('[data-testid]')?.getAttribute('data-testid');
      const className = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
      return `${element.tagName.toLowerCase()}${className}${id ? ` in [data-testid=${id}]` : ''} "${text.trim().slice(0, 40)}"`;
    };
    const clipOf = (element: Element): Box => {
      let box: Box = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
      // The owner itself first: text cut by its own overflow (an ellipsis, a visually hidden label) shows only inside it.
      for (let ancestor: Element | null = element; ancestor; ancestor = ancestor.parentElement) {
        const style = getComputedStyle(ancestor);
        const clipsX = style.overflowX !== 'visible';
        const clipsY = style.overflowY !== 'visible';
        if (!clipsX && !clipsY) continue;
        const rect = ancestor.getBoundingClientRect();
        box = {
          left: clipsX ? Math.max(box.left, rect.left) : box.left,
          right: clipsX ? Math.min(box.right, rect.right) : box.right,
          top: clipsY ? Math.max(box.top, rect.top) : box.top,
          bottom: clipsY ? Math.min(box.bottom, rect.bottom) : box.bottom,
        };
      }
      return box;
    };
    const boxes: Array<Box & { label: string; node: Node }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const owner = node.parentElement;
      if (!owner || !text.trim() || owner.closest('script, style, noscript, option, select, textarea, svg title')) continue;
      if (!owner.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const clip = clipOf(owner);
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        const box = { left: Math.max(rect.left, clip.left), right: Math.min(rect.right, clip.right), top: Math.max(rect.top, clip.top), bottom: Math.min(rect.bottom, clip.bottom) };
        if (box.right - box.left < 2 || box.bottom - box.top < 2) continue;
        boxes.push({ ...box, label: describe(owner, text), node });
      }
    }
    const overlaps: Array<{ first: string; second: string; width: number; height: number }> = [];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        // One text node's own line boxes (an ellipsis is reported as a box of its own) are one text.
        if (a.node === b.node) continue;
        const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (width > tolerance && height > tolerance) overlaps.push({ first: a.label, second: b.label, width: Math.round(width), height: Math.round(height) });
      }
    }
    return overlaps;
  }, tolerance);
}

/** How far the page is wider than the window (0 when nothing overflows sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth));
}

export type ControlState = 'not-shown' | 'fully-visible' | 'cut-off';

export interface ControlReport {
  readonly name: string;
  readonly state: ControlState;
}

/**
 * Each control (button, select, input, link) under `scope`: not shown at all (display: none,
 * visibility: hidden, or inside a closed menu), fully visible (its whole box inside the window
 * and inside every ancestor that scrolls or clips), or cut off. With `scrollMenusMatching`, a
 * control inside a vertically scrolling menu of that selector is first scrolled into the menu's
 * view: reachable, as a long menu on a phone is. Nothing is ever scrolled sideways. With
 * `self`, the scope's own elements are judged instead of the controls under them.
 */
export async function controlStates(scope: Locator, options: { scrollMenusMatching?: string; self?: boolean } = {}): Promise<ControlReport[]> {
  return scope.evaluateAll(
    (roots, { menuSelector, self }) => {
      const stateOf = (control: HTMLElement): 'not-shown' | 'fully-visible' | 'cut-off' => {
        if (!control.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return 'not-shown';
        const menu = menuSelector ? control.closest<HTMLElement>(menuSelector) : null;
        if (menu) {
          const [rect, menuRect] = [control.getBoundingClientRect(), menu.getBoundingClientRect()];
          if (rect.top < menuRect.top) menu.scrollTop -= menuRect.top - rect.top;
          else if (rect.bottom > menuRect.bottom) menu.scrollTop += rect.bottom - menuRect.bottom;
        }
        const rect = control.getBoundingClientRect();
        if (rect.width <= 0 || rect.height <= 0 || rect.left < -0.5 || rect.top < -0.5 || rect.right > window.innerWidth + 0.5 || rect.bottom > window.innerHeight + 0.5) return 'cut-off';
        for (let ancestor = control.parentElement; ancestor; ancestor = ancestor.parentElement) {
          const style = getComputedStyle(ancestor);
          const outer = ancestor.getBoundingClientRect();
          if (style.overflowX !== 'visible' && (rect.left < outer.left - 0.5 || rect.right > outer.right + 0.5)) return 'cut-off';
          if (style.overflowY !== 'visible' && (rect.top < outer.top - 0.5 || rect.bottom > outer.bottom + 0.5)) return 'cut-off';
        }
        return 'fully-visible';
      };
      const controls = roots.flatMap((root) => (self ? [root as HTMLElement] : [...root.querySelectorAll<HTMLElement>('button, select, input:not([type=hidden]), a[href]')]));
      return controls.map((control) => ({
        name: (control.getAttribute('aria-label') ?? control.textContent ?? control.getAttribute('title') ?? control.tagName).trim().replace(/\s+/g, ' ').slice(0, 40),
        state: stateOf(control),
      }));
    },
    { menuSelector: options.scrollMenusMatching, self: options.self ?? false },
  );
}

/** Whether the first element's whole box is inside the window and every clipping ancestor. */
export async function isFullyVisible(locator: Locator): Promise<boolean> {
  const [report] = await controlStates(locator.first(), { self: true });
  return report?.state === 'fully-visible';
}

/** The boxes of two locators' first elements overlap (by more than a pixel each way). */
export async function boxesOverlap(first: Locator, second: Locator): Promise<boolean> {
  const [a, b] = [await first.boundingBox(), await second.boundingBox()];
  if (!a || !b) return false;
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 1 && height > 1;
}

/**
 * Whether the page has made room for the live panel as it is now: the viewer's dock height
 * (--live-dock-height, set by LivePanel's ResizeObserver after a layout) equals the panel's
 * height. Between the panel growing and that observer's next call, a frame later or more on a
 * busy machine, the old height still holds; a check of what the reader sees waits for this.
 */
export async function hasLiveDockSettled(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const panel = document.querySelector('[data-testid="live-panel"]');
    if (!panel) return false;
    const dock = getComputedStyle(document.documentElement).getPropertyValue('--live-dock-height').trim();
    return dock === `${Math.ceil(panel.getBoundingClientRect().height)}px`;
  });
}

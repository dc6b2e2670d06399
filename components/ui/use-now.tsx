"use client";

// "Now" for relative times ("3 minutes ago") that render the same text on the server and in the
// browser's first (hydrating) render. Computing them from each side's own Date.now() made React
// fail hydration (#418) whenever a boundary ("just now" → "1 minute ago") fell between the server
// render and hydration, which on a loaded machine takes seconds: typically right after a scan.
// So hydration uses the server's clock, handed down by the root layout, and every later render
// the browser's, refreshed every 30 s.
import { createContext, useContext, useSyncExternalStore } from "react";

const ServerNow = createContext<number | null>(null);

export function NowProvider({ serverNow, children }: { serverNow: number; children: React.ReactNode }) {
  return <ServerNow.Provider value={serverNow}>{children}</ServerNow.Provider>;
}

const TICK_MS = 30_000;
let clock = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    const tick = () => {
      clock = Date.now();
      for (const l of listeners) l();
    };
    tick();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function read(): number {
  // Nobody subscribed for a while (no relative time on screen): start from the real time.
  if (!timer && Date.now() - clock > TICK_MS) clock = Date.now();
  return clock;
}

/** Milliseconds since the epoch: the server's during SSR and hydration, the browser's after. */
export function useNow(): number {
  const serverNow = useContext(ServerNow);
  return useSyncExternalStore(subscribe, read, () => serverNow ?? clock);
}

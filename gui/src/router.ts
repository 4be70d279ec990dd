import { useEffect, useState } from "preact/hooks";

/** The page shown is the URL's fragment (`#/dect/master`), so the browser's back button and bookmarks work. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    addEventListener("hashchange", changed);
    // Effects run after the browser paints: a hash set between the first render and this line (a link followed, an
    // address typed while the menus are first drawn) fired its hashchange before anyone listened. Read it once now,
    // or the page stays on the route of the first render while the address bar shows another.
    changed();
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}

/** The route in the address bar now, which may be ahead of the one last rendered (its hashchange still queued). */
export function currentRoute(): string {
  return location.hash.replace(/^#/, "") || "/";
}

export function navigate(route: string): void {
  location.hash = route;
}

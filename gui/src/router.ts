import { useEffect, useState } from "preact/hooks";

/** The page shown is the URL's fragment (`#/dect/master`), so the browser's back button and bookmarks work. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    addEventListener("hashchange", changed);
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

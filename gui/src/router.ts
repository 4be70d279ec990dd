import { useEffect, useState } from "preact/hooks";

/** The page shown is the URL's fragment (`#/dect/master`), so the browser's back button and bookmarks work. */
export function useRoute(): string {
  const [route, setRoute] = useState(current());
  useEffect(() => {
    const changed = () => setRoute(current());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}

function current(): string {
  return location.hash.replace(/^#/, "") || "/";
}

export function navigate(route: string): void {
  location.hash = route;
}

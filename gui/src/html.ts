import htm from "htm";
import { h, type ComponentChildren } from "preact";

/** Tagged templates for preact (htm): the GUI's markup without a JSX build step. */
export const html = htm.bind(h);

/** What a component renders. */
export type View = ComponentChildren;

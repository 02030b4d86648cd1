import type { ReactElement } from "react";

/** One kind of notice: its default wording and how it reads in HTML and in plain text. */
export type NoticeTemplate<D> = {
  /** Default subject and intro, with `{{order}}`, `{{shop}}`, `{{customer}}` placeholders. */
  subject: (data: D) => string;
  intro: (data: D) => string;
  /** The inbox preview line. */
  preview: (data: D) => string;
  /** Everything after the intro paragraphs. */
  Body: (props: { data: D }) => ReactElement;
  /** The same content as plain-text paragraphs. */
  text: (data: D) => string[];
};

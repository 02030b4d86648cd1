export { renderNotice } from "./render-notice";
export { PLACEHOLDERS, fillPlaceholders, unknownPlaceholders } from "./notice-text";
export type { Placeholder } from "./notice-text";
export { NOTICE_KINDS } from "./notice-types";
export type {
  AllocatedNotice,
  BackorderCancelledNotice,
  ChoiceRequestNotice,
  StillWaitingNotice,
  FirstBackorderNotice,
  NoticeData,
  NoticeItem,
  NoticeKind,
  NoticeOverrides,
  RenderedNotice,
  ShippedNotice,
  WindowSlippedNotice,
} from "./notice-types";

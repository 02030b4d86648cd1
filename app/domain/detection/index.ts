export { attributeShortage, detectBackorders, latestFirst } from "./detect-backorders";
export type {
  BackorderChange,
  CurrentBackorder,
  DemandLine,
  DetectionCause,
  DetectionInput,
  DetectionResult,
} from "./types";

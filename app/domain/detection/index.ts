export { DEFAULT_DETECTION_POLICY, attributeShortage, detectBackorders, latestFirst } from "./detect-backorders";
export type {
  BackorderChange,
  CurrentBackorder,
  DemandLine,
  DetectionCause,
  DetectionInput,
  DetectionResult,
} from "./types";

export { AGING_BUCKETS, AGING_BUCKET_LABELS, ageInDays, agingBucket, bucketRange, isAgingBucket } from "./aging";
export type { AgingBucket } from "./aging";

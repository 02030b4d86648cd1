export { createBusinessCalendar } from "./business-calendar";
export type { BusinessCalendar, BusinessDays, CalendarConfig } from "./business-calendar";
export {
  addDays,
  compareLocalDates,
  daysBetween,
  isLocalDate,
  localDateToUtcNoon,
  maxLocalDate,
  parseLocalDate,
  weekday,
} from "./local-date";
export type { LocalDate, Weekday } from "./local-date";

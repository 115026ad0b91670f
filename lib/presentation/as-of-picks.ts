/** Quick picks for the as-of date: the dates support agents are asked about most. */
import { addDays, addMonths, formatIsoDate, parseIsoDate } from "../dates";

export interface DatePick {
  label: string;
  date: string;
}

function startOfMonth(date: string): string {
  const { year, month } = parseIsoDate(date);
  return formatIsoDate(year, month, 1);
}

export function endOfLastMonth(today: string): string {
  return addDays(startOfMonth(today), -1);
}

export function endOfLastQuarter(today: string): string {
  const { year, month } = parseIsoDate(today);
  const quarterStart = formatIsoDate(year, Math.floor((month - 1) / 3) * 3 + 1, 1);
  return addDays(quarterStart, -1);
}

export function endOfLastYear(today: string): string {
  return formatIsoDate(parseIsoDate(today).year - 1, 12, 31);
}

/** Today, end of last month, end of last quarter, end of last year. */
export function asOfQuickPicks(today: string): DatePick[] {
  return [
    { label: "Today", date: today },
    { label: "End of last month", date: endOfLastMonth(today) },
    { label: "End of last quarter", date: endOfLastQuarter(today) },
    { label: "End of last year", date: endOfLastYear(today) },
    { label: "One year ago", date: addMonths(today, -12) },
  ];
}

/** Today's business date in UTC. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The end of a business day as an ISO instant: "what the system knew that evening". */
export function endOfDayInstant(date: string): string {
  return `${date}T23:59:59.999Z`;
}

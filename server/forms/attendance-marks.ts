import { attendanceStatuses, type AttendanceStatus } from '../../models/attendance';
import { textInEveryLocale } from '../i18n';

const normal = (text: string) => text.trim().toLowerCase();

/** Each mark a cell may be typed with: the status's name in either language, or the status itself. */
const statusOfMark = new Map<string, AttendanceStatus>(
  attendanceStatuses.flatMap((status) =>
    [status, ...textInEveryLocale('attendance', `status_${status}`)].map((mark) => [normal(mark), status] as const),
  ),
);

/**
 * The status a typed mark names, '' for an empty one, or the text as typed when it names none
 * (the form refuses it in its cell).
 */
export function statusOfTypedMark(mark: string): string {
  return normal(mark) === '' ? '' : (statusOfMark.get(normal(mark)) ?? mark.trim());
}

/** A mark, then its remark after a space, a colon or in brackets: "공결 병원 진료", "excused: doctor", "공결(병원)". */
const markAndRemark = /^([^\s:：(（]*)[\s:：]*(.*)$/s;
const bracketed = /^[(（](.*)[)）]$/s;

/** A grid cell's text as its status and remark: one field per cell keeps a grid of 720 cells small. */
export function readCell(text: string): { status: string; remark: string } {
  const [, mark = '', rest = ''] = markAndRemark.exec(text.trim()) ?? [];
  const remark = rest.trim();
  return { status: statusOfTypedMark(mark), remark: (bracketed.exec(remark)?.[1] ?? remark).trim() };
}

/** How a cell shows a status and remark, as readCell reads it back. */
export function cellText(label: string, remark: string): string {
  return remark ? `${label} ${remark}` : label;
}

import type { Document, ValidatorProps } from 'mongoose';
import { textProblem, type TextShape } from '../server/lib/text';

/**
 * The most characters (as server/lib/text.ts counts them) each text field holds. The forms
 * take their limits from here, so a text the form accepts is one the model stores.
 */
export const textLimits = {
  personName: 100,
  affiliation: 100,
  email: 254,
  courseCode: 40,
  courseTitle: 200,
  courseSummary: 500,
  courseDescription: 5000,
  venue: 200,
  /** All of a course's instructors as typed, one per line; each stored name is part of it. */
  instructors: 1000,
  sessionTopic: 200,
  attendanceRemark: 200,
  decisionReason: 300,
  reviewNote: 1000,
  skillCode: 30,
  skillName: 100,
  skillDescription: 500,
  skillSource: 300,
  messageSubject: 150,
  messageBody: 4000,
} as const;

/**
 * A string path held to the forms' text rule, as a second line behind them. It is checked when
 * written (new or changed), so a record stored before the rule existed can still be saved when
 * another of its fields changes (a login updates the user, whatever the name holds).
 */
export function storedText(max: number, shape: TextShape = {}) {
  return {
    type: String,
    trim: true,
    validate: {
      validator(this: Document, value: unknown, props?: ValidatorProps): boolean {
        if (typeof value !== 'string' || !(this.isNew || this.isModified(props?.path))) return true;
        return textProblem(value, max, shape) === undefined;
      },
      propsParameter: true,
      message: (props: ValidatorProps) => `${props.path} is too long or holds a character that is not allowed`,
    },
  };
}

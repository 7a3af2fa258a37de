import assert from 'node:assert/strict';
import ICAL from 'ical.js';

export interface IcsEvent {
  uid: string;
  summary: string;
  description: string;
  location: string;
  url: string;
  status: string;
  start: Date;
  end: Date;
  stamp: Date;
}

/**
 * Checks the octets of an iCalendar file against RFC 5545's framing (every line ends in CRLF, no
 * line is longer than 75 octets) and reads it with an independent parser (Mozilla's ical.js).
 */
export function readIcs(body: string): { name: string; events: IcsEvent[] } {
  // `name` is X-WR-CALNAME as written (ical.js does not unescape unknown X- properties).
  assert.ok(body.endsWith('\r\n'), 'the file ends with CRLF');
  assert.doesNotMatch(body, /[^\r]\n/, 'every line break is CRLF');
  for (const line of body.split('\r\n'))
    assert.ok(Buffer.byteLength(line) <= 75, `folded at 75 octets: ${line} (${Buffer.byteLength(line)})`);
  const calendar = new ICAL.Component(ICAL.parse(body));
  const text = (c: ICAL.Component, name: string) => String(c.getFirstPropertyValue(name) ?? '');
  const instant = (c: ICAL.Component, name: string) => {
    const value = c.getFirstPropertyValue(name);
    assert.ok(value instanceof ICAL.Time, `${name} is a date-time`);
    assert.equal(value.zone?.tzid, 'UTC', `${name} is in UTC`);
    return value.toJSDate();
  };
  return {
    name: text(calendar, 'x-wr-calname'),
    events: calendar.getAllSubcomponents('vevent').map((e) => ({
      uid: text(e, 'uid'),
      summary: text(e, 'summary'),
      description: text(e, 'description'),
      location: text(e, 'location'),
      url: text(e, 'url'),
      status: text(e, 'status'),
      start: instant(e, 'dtstart'),
      end: instant(e, 'dtend'),
      stamp: instant(e, 'dtstamp'),
    })),
  };
}

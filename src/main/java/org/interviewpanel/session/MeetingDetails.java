package org.interviewpanel.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.interviewpanel.kernel.Problem;

/**
 * The rules for where and when an interview happens, shared by scheduling and rescheduling. Each check adds a field
 * error instead of throwing, so one answer names every mistake.
 */
final class MeetingDetails {

    /** A session may be set to start a little in the past (an interview that starts now, a slow form). */
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(15);

    private MeetingDetails() {
    }

    /**
     * The meeting link as stored: null for none; an https URL with a host, no credentials, no spaces. Anything else is
     * an error: the link ends up in calendar entries and emails, where a javascript: or http: URL would be a trap.
     */
    static String meetingUrl(String raw, List<Problem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.strip();
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
                errors.add(new Problem.FieldError("meetingUrl", "must be an https:// link"));
            } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                errors.add(new Problem.FieldError("meetingUrl", "must name a host, e.g. https://meet.example.com/abc"));
            } else if (uri.getRawUserInfo() != null) {
                errors.add(new Problem.FieldError("meetingUrl", "must not carry a user name or password"));
            } else {
                return uri.toASCIIString();
            }
        } catch (URISyntaxException e) {
            errors.add(new Problem.FieldError("meetingUrl", "is not a valid URL"));
        }
        return null;
    }

    /** An IANA zone name (e.g. Europe/Berlin); UTC when not given. Offsets such as +02:00 are refused: they ignore DST. */
    static String timeZone(String raw, List<Problem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return "UTC";
        }
        String name = raw.strip();
        try {
            ZoneId zone = ZoneId.of(name);
            if (zone instanceof ZoneOffset || name.startsWith("GMT+") || name.startsWith("UTC+")
                    || name.startsWith("GMT-") || name.startsWith("UTC-")) {
                errors.add(new Problem.FieldError("timeZone", "must be a time zone name such as Europe/Berlin, "
                        + "not an offset"));
                return null;
            }
            return zone.getId();
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError("timeZone", "'" + name + "' is not a known time zone (IANA names, "
                    + "e.g. Europe/Berlin)"));
            return null;
        }
    }

    static void notPast(Instant when, Instant now, List<Problem.FieldError> errors) {
        if (when != null && when.isBefore(now.minus(PAST_TOLERANCE))) {
            errors.add(new Problem.FieldError("scheduledAt", "is in the past"));
        }
    }
}

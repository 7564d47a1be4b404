package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.interviewpanel.mail.MailKind;
import org.interviewpanel.mail.MailOutbox;
import org.interviewpanel.mail.OutgoingMail;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.security.Roles;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.parameter.ParticipationStatus;
import biweekly.parameter.Role;
import biweekly.property.Attendee;
import biweekly.property.Method;
import biweekly.property.Organizer;
import biweekly.property.Status;

/**
 * The session's calendar entry (RFC 5545, written by biweekly) and the mails that carry it: an invitation to each
 * panelist and to the candidate on scheduling, an update on each reschedule, a cancellation. One UID per session; the
 * SEQUENCE is the session's calendar revision, so calendar clients replace the entry instead of adding one. Mails are
 * queued in the caller's transaction ({@link MailOutbox}).
 */
@ApplicationScoped
public class Invitations {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    @Inject
    MailOutbox mail;

    @Inject
    PeopleDirectory people;

    @Inject
    SessionConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.mailer.from", defaultValue = "interviews@interview-panel.local")
    String from;

    /** The calendar entry as the panel sees it: organizer = the lead, one attendee per panelist. */
    public String panelCalendar(InterviewSession s) {
        List<Panelist> panel = panelOf(s);
        VEvent event = event(s);
        panel.stream().filter(p -> p.lead).findFirst()
                .ifPresent(lead -> event.setOrganizer(new Organizer(lead.displayName, emailOf(lead.username))));
        for (Panelist p : panel) {
            Attendee attendee = new Attendee(p.displayName, emailOf(p.username));
            attendee.setRole(p.lead ? Role.CHAIR : Role.ATTENDEE);
            attendee.setParticipationStatus(p.lead ? ParticipationStatus.ACCEPTED : ParticipationStatus.NEEDS_ACTION);
            event.addAttendee(attendee);
        }
        event.setDescription("Interview for " + s.position + "." + where(s) + "\nSession page: " + sessionPage(s));
        return write(s, event);
    }

    /** The candidate's calendar entry: the position, the time, the meeting link; no panel names or emails. */
    public String candidateCalendar(InterviewSession s) {
        VEvent event = event(s);
        event.setOrganizer(new Organizer("Interview Panel", from));
        Attendee candidate = new Attendee(s.candidateName, s.candidateEmail);
        candidate.setRole(Role.ATTENDEE);
        candidate.setParticipationStatus(ParticipationStatus.NEEDS_ACTION);
        event.addAttendee(candidate);
        event.setDescription("Your interview for " + s.position + "." + where(s));
        return write(s, event);
    }

    void scheduled(InterviewSession s, String candidateToken) {
        String calendar = panelCalendar(s);
        for (Panelist p : panelOf(s)) {
            queue(s, MailKind.INVITATION, emailOf(p.username), "Interview: " + s.position + ", " + when(s),
                    "You are on the panel" + (p.lead ? ", as the lead," : "") + " for an interview for " + s.position
                            + ".\n\n" + details(s) + "\nSession page: " + sessionPage(s)
                            + "\n\nThe calendar entry is attached.\n",
                    calendar, "REQUEST");
        }
        queue(s, MailKind.INVITATION, s.candidateEmail, "Your interview for " + s.position + ", " + when(s),
                "Hello " + s.candidateName + ",\n\nyour interview for " + s.position + " is booked.\n\n" + details(s)
                        + "\nDuring the interview, keep this page open to read each question as it is asked:\n"
                        + joinLink(candidateToken) + "\nThe link is yours alone; please do not share it.\n\n"
                        + "The calendar entry is attached.\n",
                candidateCalendar(s), "REQUEST");
    }

    void rescheduled(InterviewSession s) {
        String calendar = panelCalendar(s);
        for (Panelist p : panelOf(s)) {
            queue(s, MailKind.UPDATE, emailOf(p.username), "Moved: interview for " + s.position + ", now " + when(s),
                    "The interview for " + s.position + " has changed.\n\n" + details(s) + "\nSession page: "
                            + sessionPage(s) + "\n\nThe updated calendar entry is attached.\n",
                    calendar, "REQUEST");
        }
        queue(s, MailKind.UPDATE, s.candidateEmail, "Moved: your interview for " + s.position + ", now " + when(s),
                "Hello " + s.candidateName + ",\n\nyour interview for " + s.position + " has changed.\n\n" + details(s)
                        + "\nThe page link from your first invitation still works.\n\n"
                        + "The updated calendar entry is attached.\n",
                candidateCalendar(s), "REQUEST");
    }

    void cancelled(InterviewSession s) {
        String calendar = panelCalendar(s);
        for (Panelist p : panelOf(s)) {
            queue(s, MailKind.CANCELLATION, emailOf(p.username), "Cancelled: interview for " + s.position,
                    "The interview for " + s.position + " planned for " + when(s) + " is cancelled.\n", calendar,
                    "CANCEL");
        }
        queue(s, MailKind.CANCELLATION, s.candidateEmail, "Cancelled: your interview for " + s.position,
                "Hello " + s.candidateName + ",\n\nyour interview for " + s.position + " planned for " + when(s)
                        + " is cancelled. The person who contacted you will be in touch.\n",
                candidateCalendar(s), "CANCEL");
    }

    private void queue(InterviewSession s, MailKind kind, String to, String subject, String body, String calendar,
            String method) {
        if (to == null || to.isBlank()) {
            return; // a panelist without an email in the directory: the session page still shows everything
        }
        mail.queue(new OutgoingMail(s.id, kind, to, subject, body, calendar, method));
    }

    private VEvent event(InterviewSession s) {
        VEvent event = new VEvent();
        event.setUid(s.id + "@interview-panel");
        event.setSequence(s.calendarSequence);
        event.setDateStart(Date.from(s.scheduledAt), true);
        event.setDateEnd(Date.from(end(s)), true);
        event.setDateTimeStamp(Date.from(clock.instant()));
        event.setSummary("Interview: " + s.position);
        event.setStatus(s.status == SessionStatus.CANCELLED ? Status.cancelled() : Status.confirmed());
        if (s.meetingUrl != null) {
            event.setLocation(s.meetingUrl);
            event.setUrl(s.meetingUrl);
        }
        return event;
    }

    private static String write(InterviewSession s, VEvent event) {
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Interview Panel//Interview Panel//EN");
        calendar.setMethod(s.status == SessionStatus.CANCELLED ? Method.cancel() : Method.request());
        calendar.addEvent(event);
        return Biweekly.write(calendar).go();
    }

    String emailOf(String username) {
        Optional<PeopleDirectory.Person> person = people.find(Roles.INTERVIEWER, username);
        return person.map(PeopleDirectory.Person::email).orElse(null);
    }

    private static List<Panelist> panelOf(InterviewSession s) {
        return Panelist.<Panelist> list("sessionId = ?1 order by lead desc, displayName", s.id);
    }

    static Instant end(InterviewSession s) {
        return s.durationMinutes != null ? s.scheduledAt.plusSeconds(60L * s.durationMinutes) : s.plannedEnd();
    }

    /** e.g. "Tue 1 Dec 2026, 14:00–15:00 Europe/Berlin (13:00 UTC)". */
    static String when(InterviewSession s) {
        ZoneId zone = ZoneId.of(s.timeZone == null ? "UTC" : s.timeZone);
        ZonedDateTime start = s.scheduledAt.atZone(zone);
        String text = WHEN.format(start) + "–" + TIME.format(end(s).atZone(zone)) + " " + zone.getId();
        return zone.getId().equals("UTC") ? text
                : text + " (" + TIME.format(s.scheduledAt.atZone(ZoneId.of("UTC")))
                        + " UTC)";
    }

    private static String details(InterviewSession s) {
        return "When:  " + when(s) + "\nWhere: " + (s.meetingUrl != null ? s.meetingUrl
                : "no meeting link yet; an update will follow when there is one") + "\n";
    }

    private static String where(InterviewSession s) {
        return s.meetingUrl != null ? "\nJoin: " + s.meetingUrl : "";
    }

    private String base() {
        String base = config.publicUrl().orElse("");
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    String sessionPage(InterviewSession s) {
        return base() + "/sessions/" + s.id;
    }

    private String joinLink(String token) {
        return base() + "/join/" + token;
    }
}

package org.interviewpanel.session;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.events.Seat;
import org.interviewpanel.session.SessionDtos.ItemView;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What a session was scheduled with: its questions in order and who sits on it. Scheduling writes both in the
 * session's first transaction and nothing changes them afterwards (they go only with the whole session), so each
 * instance reads a session's plan once and keeps it, and the lead's commands, the session view and the scoring context
 * stop reading the same rows again on every request. Before, an advance read its questions and its panel as managed
 * entities and dirty-checked them at commit (the question parts a JSON column, snapshotted and compared): about half
 * of its CPU in a profile of the session-events benchmark.
 * <p>
 * Read with plain projections, no entity in the persistence context. A plan read in the scheduling transaction itself
 * could be incomplete, so nothing there asks for one; and an empty plan (a session not or no longer visible) is never
 * kept. Authorization decides from what the database says a session is: a caller sits on a session's panel if its
 * plan seats them, and the plan is those very rows.
 */
@ApplicationScoped
public class SessionPlans {

    /** A seat of the panel as scheduled. */
    public record Seated(String username, String displayName, boolean lead, boolean shadow) {

        public Seat seat() {
            return Seat.of(shadow);
        }
    }

    /** The questions in order and the panel (lead first, then the panel, then shadow seats, each by username). */
    public record Plan(List<ItemView> items, List<Seated> panel) {

        public Optional<Seated> seat(String username) {
            return panel.stream().filter(p -> p.username().equals(username)).findFirst();
        }

        boolean isEmpty() {
            return items.isEmpty() || panel.isEmpty();
        }
    }

    @Inject
    EntityManager em;

    private final Cache<UUID, Plan> plans;

    @Inject
    SessionPlans(SessionConfig config) {
        plans = Caffeine.newBuilder().maximumSize(config.plansKept()).build();
    }

    public Plan of(UUID sessionId) {
        Plan kept = plans.getIfPresent(sessionId);
        if (kept != null) {
            return kept;
        }
        Plan read = read(sessionId);
        if (!read.isEmpty()) {
            plans.put(sessionId, read);
        }
        return read;
    }

    private Plan read(UUID sessionId) {
        List<ItemView> items = em.createQuery("select i.position, i.questionId, i.questionKey, i.questionVersion, i.text, "
                + "i.category, i.minutes from SessionItem i where i.sessionId = ?1 order by i.position", Object[].class)
                .setParameter(1, sessionId).getResultList().stream()
                .map(r -> new ItemView((Integer) r[0], (UUID) r[1], (String) r[2], (Integer) r[3], (String) r[4],
                        (String) r[5], (Integer) r[6]))
                .toList();
        List<Seated> panel = em.createQuery("select p.username, p.displayName, p.lead, p.shadow from Panelist p "
                + "where p.sessionId = ?1 order by p.lead desc, p.shadow, p.username", Object[].class)
                .setParameter(1, sessionId).getResultList().stream()
                .map(r -> new Seated((String) r[0], (String) r[1], (Boolean) r[2], (Boolean) r[3]))
                .toList();
        return new Plan(items, panel);
    }
}

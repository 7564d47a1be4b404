package org.interviewpanel.questionset;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.questionbank.QuestionService;
import org.interviewpanel.questionbank.QuestionService.PinnedQuestion;
import org.interviewpanel.questionset.QuestionSetDtos.Coverage;
import org.interviewpanel.questionset.QuestionSetDtos.Item;
import org.interviewpanel.questionset.QuestionSetDtos.ItemInput;
import org.interviewpanel.questionset.QuestionSetDtos.NewSet;
import org.interviewpanel.questionset.QuestionSetDtos.ReplacedSet;
import org.interviewpanel.questionset.QuestionSetDtos.SetDetail;
import org.interviewpanel.questionset.QuestionSetDtos.SetSummary;
import org.interviewpanel.questionset.QuestionSetDtos.Snapshot;
import org.interviewpanel.security.Actor;

/** Question sets: build from the bank, replace with optimistic locking, clone, delete or archive. */
@ApplicationScoped
public class QuestionSetService {

    @Inject
    EntityManager em;

    @Inject
    QuestionService questions;

    @Inject

    Clock clock;

    public List<SetSummary> list(boolean mineOnly, Actor actor) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select cast(s.id as text), s.name, s.description, s.owner, count(i.position),
                       coalesce(sum(i.minutes), 0), s.updated_at, s.version
                from question_set s left join question_set_item i on i.set_id = s.id
                where s.status = 'ACTIVE' and (:owner = '' or s.owner = :owner)
                group by s.id order by s.updated_at desc, s.name""")
                .setParameter("owner", mineOnly ? actor.username() : "")
                .getResultList();
        return rows.stream().map(r -> new SetSummary(UUID.fromString((String) r[0]), (String) r[1], (String) r[2],
                (String) r[3], ((Number) r[4]).intValue(), ((Number) r[5]).intValue(), instant(r[6]),
                ((Number) r[7]).intValue())).toList();
    }

    public SetDetail get(UUID id) {
        QuestionSet set = QuestionSet.findById(id);
        if (set == null || set.isArchived()) {
            throw ProblemException.notFound("Question set " + id);
        }
        return detail(set);
    }

    @Transactional
    public SetDetail create(NewSet input, Actor actor) {
        requireFreeName(actor.username(), input.name(), null);
        QuestionSet set = new QuestionSet();
        set.id = UUID.randomUUID();
        set.owner = actor.username();
        set.name = input.name().strip();
        set.description = input.description() == null ? "" : input.description().strip();
        set.status = SetStatus.ACTIVE;
        set.version = 1;
        set.createdAt = clock.instant();
        set.updatedAt = set.createdAt;
        List<QuestionSetItem> items = resolve(input.items(), Map.of());
        set.persist();
        saveItems(set, items);
        return detail(set);
    }

    @Transactional
    public SetDetail replace(UUID id, ReplacedSet input, Actor actor) {
        QuestionSet set = lockOwned(id, actor, "change");
        if (input.version() != set.version) {
            throw new ProblemException(ProblemType.STALE_VERSION, "Someone else saved this set first: you edited "
                    + "version " + input.version() + ", it is now at version " + set.version + ". Reload to see it.");
        }
        requireFreeName(set.owner, input.name(), set.id);
        Map<UUID, Integer> pinned = new HashMap<>();
        // A projection, not entities: the items are bulk-deleted and re-inserted below.
        em.createQuery("select i.questionId, i.questionVersion from QuestionSetItem i where i.setId = ?1", Object[].class)
                .setParameter(1, set.id).getResultList()
                .forEach(row -> pinned.put((UUID) row[0], (Integer) row[1]));
        List<QuestionSetItem> items = resolve(input.items(), pinned);
        set.name = input.name().strip();
        set.description = input.description() == null ? "" : input.description().strip();
        set.touch(clock.instant());
        QuestionSetItem.delete("setId", set.id);
        saveItems(set, items);
        return detail(set);
    }

    @Transactional
    public void delete(UUID id, Actor actor) {
        QuestionSet set = lockOwned(id, actor, "delete");
        if (set.inUse) {
            set.status = SetStatus.ARCHIVED;
            set.archivedAt = clock.instant();
            set.touch(set.archivedAt);
        } else {
            QuestionSetItem.delete("setId", set.id);
            set.delete();
        }
    }

    @Transactional
    public SetDetail copy(UUID id, Actor actor) {
        QuestionSet source = QuestionSet.findById(id);
        if (source == null || source.isArchived()) {
            throw ProblemException.notFound("Question set " + id);
        }
        QuestionSet copy = new QuestionSet();
        copy.id = UUID.randomUUID();
        copy.owner = actor.username();
        copy.name = freeCopyName(actor.username(), source.name);
        copy.description = source.description;
        copy.status = SetStatus.ACTIVE;
        copy.version = 1;
        copy.createdAt = clock.instant();
        copy.updatedAt = copy.createdAt;
        copy.persist();
        List<QuestionSetItem> items = new ArrayList<>();
        for (QuestionSetItem item : items(source.id)) {
            QuestionSetItem c = new QuestionSetItem();
            c.questionId = item.questionId;
            c.questionVersion = item.questionVersion;
            c.minutes = item.minutes;
            items.add(c);
        }
        saveItems(copy, items);
        return detail(copy);
    }

    /** For a session being scheduled: the set's items as pinned now; the set is kept (archived) if deleted later. */
    @Transactional
    public Optional<Snapshot> snapshotForSession(UUID id) {
        QuestionSet set = em.find(QuestionSet.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (set == null || set.isArchived()) {
            return Optional.empty();
        }
        set.inUse = true;
        return Optional.of(new Snapshot(set.id, set.name, detail(set).items()));
    }

    // --- internals ---

    private QuestionSet lockOwned(UUID id, Actor actor, String what) {
        QuestionSet set = em.find(QuestionSet.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (set == null || set.isArchived()) {
            throw ProblemException.notFound("Question set " + id);
        }
        if (!actor.mayChange(set.owner)) {
            throw ProblemException.forbidden("Only the set's owner or an admin may " + what + " it");
        }
        return set;
    }

    private void requireFreeName(String owner, String name, UUID except) {
        long taken = QuestionSet.count("owner = ?1 and lower(name) = ?2 and status = ?3 and id <> ?4", owner,
                name.strip().toLowerCase(Locale.ROOT), SetStatus.ACTIVE,
                except == null ? new UUID(0, 0) : except);
        if (taken > 0) {
            throw ProblemException.field(ProblemType.CONFLICT, "name", "you already have a set named '" + name.strip() + "'");
        }
    }

    private String freeCopyName(String owner, String name) {
        String base = name.length() > 110 ? name.substring(0, 110) : name;
        String candidate = base + " (copy)";
        for (int n = 2; QuestionSet.count("owner = ?1 and lower(name) = ?2 and status = ?3", owner,
                candidate.toLowerCase(Locale.ROOT), SetStatus.ACTIVE) > 0; n++) {
            candidate = base + " (copy " + n + ")";
        }
        return candidate;
    }

    /**
     * Checks every item and collects all problems at once. A question already in the set keeps its pinned version
     * (and may stay even if retired since); a new one must be active and is pinned to its current version.
     */
    private List<QuestionSetItem> resolve(List<ItemInput> inputs, Map<UUID, Integer> pinned) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<QuestionSetItem> items = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            ItemInput input = inputs.get(i);
            String field = "items[" + i + "]";
            if (!seen.add(input.questionId())) {
                errors.add(new Problem.FieldError(field + ".questionId", "this question is already in the set"));
                continue;
            }
            Optional<PinnedQuestion> current = questions.current(input.questionId());
            if (current.isEmpty()) {
                errors.add(new Problem.FieldError(field + ".questionId", "no such question"));
                continue;
            }
            boolean wasInSet = pinned.containsKey(input.questionId());
            if (current.get().retired() && !wasInSet) {
                errors.add(new Problem.FieldError(field + ".questionId",
                        "question " + current.get().key() + " is retired and cannot be added"));
                continue;
            }
            int version = input.questionVersion() != null ? input.questionVersion()
                    : pinned.getOrDefault(input.questionId(), current.get().version());
            Optional<PinnedQuestion> chosen = questions.pinned(input.questionId(), version);
            if (chosen.isEmpty()) {
                errors.add(new Problem.FieldError(field + ".questionVersion", "no version " + version));
                continue;
            }
            QuestionSetItem item = new QuestionSetItem();
            item.questionId = input.questionId();
            item.questionVersion = version;
            item.minutes = input.minutes() != null ? input.minutes() : chosen.get().minutes();
            items.add(item);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE,
                    errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                            : errors.size() + " items cannot be used",
                    errors);
        }
        return items;
    }

    private void saveItems(QuestionSet set, List<QuestionSetItem> items) {
        em.flush();
        for (int i = 0; i < items.size(); i++) {
            QuestionSetItem item = items.get(i);
            item.setId = set.id;
            item.position = i + 1;
            item.persist();
        }
    }

    private List<QuestionSetItem> items(UUID setId) {
        return QuestionSetItem.list("setId = ?1 order by position", setId);
    }

    private SetDetail detail(QuestionSet set) {
        Map<String, String> titles = new HashMap<>();
        questions.categories().forEach(c -> titles.put(c.key(), c.title()));
        List<Item> items = new ArrayList<>();
        Map<String, int[]> coverage = new LinkedHashMap<>();
        int total = 0;
        for (QuestionSetItem i : items(set.id)) {
            PinnedQuestion q = questions.pinned(i.questionId, i.questionVersion).orElseThrow();
            items.add(new Item(i.position, q.id(), q.key(), q.text(), q.category(), i.minutes, q.version(),
                    q.latestVersion(), q.latestVersion() > q.version() && !q.retired(), q.retired()));
            int[] c = coverage.computeIfAbsent(q.category(), k -> new int[2]);
            c[0]++;
            c[1] += i.minutes;
            total += i.minutes;
        }
        List<Coverage> byCategory = coverage.entrySet().stream()
                .map(e -> new Coverage(e.getKey(), titles.getOrDefault(e.getKey(), e.getKey()), e.getValue()[0],
                        e.getValue()[1]))
                .toList();
        return new SetDetail(set.id, set.name, set.description, set.owner, set.status, set.version, items.size(), total,
                items, byCategory, set.createdAt, set.updatedAt);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}

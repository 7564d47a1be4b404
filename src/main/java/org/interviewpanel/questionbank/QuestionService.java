package org.interviewpanel.questionbank;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.questionbank.QuestionDtos.CategoryCount;
import org.interviewpanel.questionbank.QuestionDtos.EditedQuestion;
import org.interviewpanel.questionbank.QuestionDtos.NewQuestion;
import org.interviewpanel.questionbank.QuestionDtos.QuestionDetail;
import org.interviewpanel.questionbank.QuestionDtos.QuestionPage;
import org.interviewpanel.questionbank.QuestionDtos.QuestionSummary;
import org.interviewpanel.questionbank.QuestionDtos.VersionDetail;
import org.interviewpanel.questionbank.QuestionDtos.VersionRef;
import org.interviewpanel.security.Actor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** The question bank: search, read, write with versions, retire. The only way other features reach questions. */
@ApplicationScoped
public class QuestionService {

    /** Filters for the bank list; null means "any". */
    public record Filter(String category, Integer difficulty, String tag, String q, StatusFilter status, int page,
            int size) {
    }

    public enum StatusFilter {
        ACTIVE,
        RETIRED,
        ALL
    }

    /** A pinned question version as other features see it (question sets, sessions). */
    public record PinnedQuestion(UUID id, String key, String category, String text, List<String> parts, int version,
            int latestVersion, int minutes, boolean retired, Rubric rubric, List<String> followUps) {
    }

    /** What the panel's room shows of a pinned version: its parts, rubric and follow-ups. */
    public record Guide(List<String> parts, Rubric rubric, List<String> followUps) {

        /** Its size in characters, what the kept guides are bounded by (a rubric alone may hold 22,000). */
        int characters() {
            int texts = Stream.concat(parts.stream(), followUps.stream()).mapToInt(String::length).sum();
            return rubric == null ? texts : texts + rubric.searchText().length();
        }
    }

    private record VersionKey(UUID id, int version) {
    }

    /**
     * Guides as read, by version. A version's content never changes once written (an edit writes a new version), so
     * each is read once per instance: a panelist's room used to read its question and version rows for every item on
     * every connect, and a deploy reconnects every room at once (connects that want the same version together read it
     * once). Bounded by their characters (10 million: thousands of guides of a typical size, 10–20 MB); only versions
     * that exist are kept.
     */
    private final Cache<VersionKey, Guide> guides = Caffeine.newBuilder().maximumWeight(GUIDE_CHARACTERS_KEPT)
            .weigher((VersionKey key, Guide guide) -> guide.characters()).build();
    static final long GUIDE_CHARACTERS_KEPT = 10_000_000L;

    @Inject
    EntityManager em;

    @Inject

    Clock clock;

    public QuestionPage list(Filter f) {
        if (f.category() != null && QuestionCategory.findById(f.category()) == null) {
            throw ProblemException.field(ProblemType.VALIDATION, "category", "unknown category '" + f.category() + "'");
        }
        StringBuilder where = new StringBuilder(
                " from question q join question_category c on c.key = q.category_key where true");
        Map<String, Object> params = new HashMap<>();
        if (f.status() != StatusFilter.ALL) {
            where.append(" and q.status = :status");
            params.put("status", f.status().name());
        }
        if (f.category() != null) {
            where.append(" and q.category_key = :category");
            params.put("category", f.category());
        }
        if (f.difficulty() != null) {
            where.append(" and q.difficulty = :difficulty");
            params.put("difficulty", f.difficulty());
        }
        if (f.tag() != null) {
            where.append(" and :tag = any(q.tags)");
            params.put("tag", f.tag());
        }
        boolean search = f.q() != null && !f.q().isBlank();
        String order = " order by c.position, q.position, q.key";
        if (search) {
            where.append(" and q.search @@ websearch_to_tsquery('english', :q)");
            params.put("q", f.q().strip());
            // Hits in the question text come first, then by weighted rank (text > tags > rubric).
            order = " order by (q.title_search @@ websearch_to_tsquery('english', :q)) desc,"
                    + " ts_rank(q.search, websearch_to_tsquery('english', :q)) desc, c.position, q.position, q.key";
        }
        Query count = em.createNativeQuery("select count(*)" + where);
        Query ids = em.createNativeQuery("select cast(q.id as text)" + where + order + " limit :limit offset :offset");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            ids.setParameter(k, v);
        });
        ids.setParameter("limit", f.size());
        ids.setParameter("offset", (long) (f.page() - 1) * f.size());
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<UUID> page = ((List<String>) ids.getResultList()).stream().map(UUID::fromString).toList();
        Map<UUID, Question> byId = Question.<Question> list("id in ?1", page).stream()
                .collect(Collectors.toMap(q -> q.id, Function.identity()));
        List<QuestionSummary> items = page.stream().map(byId::get).map(QuestionService::summary).toList();
        return new QuestionPage(items, total, f.page(), f.size());
    }

    public QuestionDetail get(UUID id) {
        return detail(find(id));
    }

    public VersionDetail version(UUID id, int version) {
        Question q = find(id);
        QuestionVersion v = QuestionVersion.findById(new QuestionVersion.Key(id, version));
        if (v == null) {
            throw ProblemException.notFound("Version " + version + " of question " + q.key);
        }
        return new VersionDetail(id, q.key, v.version, v.text, v.parts, v.difficulty, List.of(v.tags), v.minutes, v.rubric,
                v.followUps, v.createdAt, v.createdBy);
    }

    public List<CategoryCount> categories() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select c.key, c.title, count(q.id) from question_category c
                left join question q on q.category_key = c.key and q.status = 'ACTIVE'
                group by c.key, c.title, c.position order by c.position, c.key""").getResultList();
        return rows.stream()
                .map(r -> new CategoryCount((String) r[0], (String) r[1], ((Number) r[2]).longValue()))
                .toList();
    }

    public List<QuestionDtos.BankView> banks() {
        return QuestionBank.<QuestionBank> listAll().stream()
                .sorted(Comparator.comparing(b -> b.key))
                .map(b -> new QuestionDtos.BankView(b.key, b.title, b.description, b.guidance))
                .toList();
    }

    @Transactional
    public QuestionDetail create(NewQuestion input, Actor actor) {
        if (QuestionCategory.findById(input.category()) == null) {
            throw ProblemException.field(ProblemType.UNPROCESSABLE, "category",
                    "unknown category '" + input.category() + "'");
        }
        // The bank files own keys of the form bank/category/slug; a question written here is keyed
        // bank/category/author.slug, so no one can take a key that a bank file adds later.
        String prefix = input.category() + "/" + slug(actor.username()) + ".";
        String key = input.key() != null ? input.key() : freeKey(prefix, input.text());
        if (!key.startsWith(prefix)) {
            throw ProblemException.field(ProblemType.UNPROCESSABLE, "key", "keys of the form bank/category/slug "
                    + "belong to the bank files; a question you write is keyed '" + prefix + "…'");
        }
        if (Question.count("key", key) > 0) {
            throw ProblemException.field(ProblemType.CONFLICT, "key", "a question with key '" + key + "' exists");
        }
        Question q = newQuestion(key, input.category(), QuestionSource.CONSOLE, actor.username(),
                nextPosition(input.category()));
        addVersion(q, input.content(), actor.username());
        return detail(q);
    }

    @Transactional
    public QuestionDetail update(UUID id, EditedQuestion input, Actor actor) {
        Question q = em.find(Question.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (q == null) {
            throw ProblemException.notFound("Question " + id);
        }
        if (!actor.mayChange(q.author)) {
            throw ProblemException.forbidden("Only the question's author or an admin may edit it");
        }
        if (q.isRetired()) {
            throw new ProblemException(ProblemType.CONFLICT, "Question " + q.key + " is retired; it can no longer be edited");
        }
        if (input.version() != q.currentVersion) {
            throw new ProblemException(ProblemType.STALE_VERSION, "You edited version " + input.version()
                    + ", but the question is now at version " + q.currentVersion + "; reload and edit again");
        }
        QuestionContent content = input.content();
        if (!content.hash().equals(currentVersion(q).contentHash)) {
            addVersion(q, content, actor.username());
        }
        return detail(q);
    }

    @Transactional
    public void retire(UUID id, Actor actor) {
        Question q = em.find(Question.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (q == null) {
            throw ProblemException.notFound("Question " + id);
        }
        if (!actor.mayChange(q.author)) {
            throw ProblemException.forbidden("Only the question's author or an admin may retire it");
        }
        if (!q.isRetired()) {
            q.retire(clock.instant());
        }
    }

    /** The given version of a question, for pinning into sets and sessions; empty when either does not exist. */
    public Optional<PinnedQuestion> pinned(UUID id, int version) {
        Question q = Question.findById(id);
        if (q == null) {
            return Optional.empty();
        }
        QuestionVersion v = QuestionVersion.findById(new QuestionVersion.Key(id, version));
        return Optional.ofNullable(v).map(found -> pinned(q, found));
    }

    /** The guide of a question's version, for the panel's room; empty when the version does not exist. */
    public Optional<Guide> guide(UUID id, int version) {
        return Optional.ofNullable(guides.get(new VersionKey(id, version), key -> {
            QuestionVersion v = QuestionVersion.findById(new QuestionVersion.Key(key.id(), key.version()));
            return v == null ? null // not kept: asked again, it is read again
                    : new Guide(v.parts == null ? List.of() : List.copyOf(v.parts), v.rubric,
                            v.followUps == null ? List.of() : List.copyOf(v.followUps));
        }));
    }

    /** The current version of a question; empty when it does not exist. */
    public Optional<PinnedQuestion> current(UUID id) {
        Question q = Question.findById(id);
        return Optional.ofNullable(q).map(found -> pinned(found, currentVersion(found)));
    }

    /** The current version of the question with this key; empty when there is none. */
    public Optional<PinnedQuestion> currentByKey(String key) {
        return Question.<Question> find("key", key).firstResultOptional()
                .map(found -> pinned(found, currentVersion(found)));
    }

    // --- import support (package-private: only the importer writes imported questions) ---

    record ImportCounts(int imported, int updated) {
    }

    record ImportedQuestion(String key, QuestionContent content, int position) {
    }

    @Transactional
    void upsertBank(String key, String title, String description, List<QuestionBank.Guidance> guidance) {
        lockImport();
        QuestionBank bank = QuestionBank.findById(key);
        if (bank == null) {
            bank = new QuestionBank();
            bank.key = key;
        }
        bank.title = title;
        bank.description = description;
        bank.guidance = guidance;
        bank.updatedAt = clock.instant();
        bank.persist();
    }

    boolean bankExists(String key) {
        return QuestionBank.findById(key) != null;
    }

    /** Applies one valid category file in one transaction: a file imports completely or not at all. */
    @Transactional
    ImportCounts applyCategoryFile(String bank, String categoryKey, String title, int position,
            List<ImportedQuestion> questions) {
        lockImport();
        QuestionCategory category = QuestionCategory.findById(categoryKey);
        if (category == null) {
            category = new QuestionCategory();
            category.key = categoryKey;
        }
        category.bank = bank;
        category.title = title;
        category.position = position;
        category.persist();
        em.flush();
        int imported = 0;
        int updated = 0;
        Instant now = clock.instant();
        for (ImportedQuestion item : questions) {
            Question q = Question.find("key", item.key()).firstResult();
            if (q != null && q.source != QuestionSource.IMPORT) {
                // Never hand a console author a bank question (they could edit the "official" text).
                throw new KeyTaken(item.key(), q.author);
            }
            if (q == null) {
                q = newQuestion(item.key(), categoryKey, QuestionSource.IMPORT, null, item.position());
                addVersion(q, item.content(), null);
                imported++;
                continue;
            }
            boolean changed = false;
            if (!item.content().hash().equals(currentVersion(q).contentHash)) {
                addVersion(q, item.content(), null);
                changed = true;
            }
            if (q.isRetired()) {
                q.reactivate(now);
                changed = true;
            }
            q.position = item.position();
            q.categoryKey = categoryKey;
            updated += changed ? 1 : 0;
        }
        return new ImportCounts(imported, updated);
    }

    /** A bank file names a key that a question written in the console already has: the file is refused. */
    static final class KeyTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String key;

        KeyTaken(String key, String author) {
            super("key '" + key + "' belongs to a question written in the console by " + author
                    + "; a bank file cannot take it over (rename the key in the file)", null, false, false);
            this.key = key;
        }
    }

    /** Retires imported questions that are no longer in the files; questions written in the console are left alone. */
    @Transactional
    int retireImportedExcept(java.util.Set<String> keys) {
        lockImport();
        int retired = 0;
        Instant now = clock.instant();
        for (Question q : Question.<Question> list("source = ?1 and status = ?2", QuestionSource.IMPORT,
                QuestionStatus.ACTIVE)) {
            if (!keys.contains(q.key)) {
                q.retire(now);
                retired++;
            }
        }
        return retired;
    }

    // --- internals ---

    private void lockImport() {
        // Replicas starting together import the same files; one at a time keeps it idempotent.
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('interview-panel.question-import'))").getSingleResult();
    }

    private Question find(UUID id) {
        Question q = Question.findById(id);
        if (q == null) {
            throw ProblemException.notFound("Question " + id);
        }
        return q;
    }

    private Question newQuestion(String key, String category, QuestionSource source, String author, int position) {
        Question q = new Question();
        q.id = UUID.randomUUID();
        q.key = key;
        q.categoryKey = category;
        q.status = QuestionStatus.ACTIVE;
        q.source = source;
        q.author = author;
        q.position = position;
        q.createdAt = clock.instant();
        return q;
    }

    private void addVersion(Question q, QuestionContent content, String by) {
        Instant now = clock.instant();
        int version = q.currentVersion + 1;
        q.show(content, version, now);
        if (!q.isPersistent()) {
            q.persist();
        }
        QuestionVersion.of(q.id, version, content, by, now).persist();
    }

    private QuestionVersion currentVersion(Question q) {
        return QuestionVersion.findById(new QuestionVersion.Key(q.id, q.currentVersion));
    }

    private int nextPosition(String category) {
        Number max = (Number) em.createNativeQuery("select coalesce(max(position), 0) from question where category_key = ?1")
                .setParameter(1, category).getSingleResult();
        return max.intValue() + 1;
    }

    private String freeKey(String prefix, String text) {
        String slug = slug(text);
        String key = prefix + slug;
        for (int n = 2; Question.count("key", key) > 0; n++) {
            key = prefix + slug + "-" + n;
        }
        return key;
    }

    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-[^-]*$", "");
        }
        return slug.isEmpty() ? "question" : slug;
    }

    private static QuestionSummary summary(Question q) {
        return new QuestionSummary(q.id, q.key, q.categoryKey, q.text, q.difficulty, List.of(q.tags), q.minutes,
                q.currentVersion,
                q.status);
    }

    private QuestionDetail detail(Question q) {
        QuestionVersion v = currentVersion(q);
        QuestionCategory c = QuestionCategory.findById(q.categoryKey);
        List<VersionRef> versions = new ArrayList<>();
        for (QuestionVersion each : QuestionVersion.<QuestionVersion> list("questionId = ?1 order by version", q.id)) {
            versions.add(new VersionRef(each.version, each.createdAt, each.createdBy));
        }
        return new QuestionDetail(q.id, q.key, q.categoryKey, c.title, v.text, v.parts, v.difficulty, List.of(v.tags),
                v.minutes,
                v.version, q.status, q.source, q.author, v.rubric, v.followUps, versions, q.createdAt, q.updatedAt);
    }

    private static PinnedQuestion pinned(Question q, QuestionVersion v) {
        return new PinnedQuestion(q.id, q.key, q.categoryKey, v.text, v.parts, v.version, q.currentVersion, v.minutes,
                q.isRetired(), v.rubric, v.followUps);
    }
}

package org.interviewpanel.calibration;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.analytics.stats.KrippendorffAlpha;
import org.interviewpanel.calibration.CalibrationDtos.Answer;
import org.interviewpanel.calibration.CalibrationDtos.AnswerFeedback;
import org.interviewpanel.calibration.CalibrationDtos.AnswerRating;
import org.interviewpanel.calibration.CalibrationDtos.AttemptInput;
import org.interviewpanel.calibration.CalibrationDtos.AttemptResult;
import org.interviewpanel.calibration.CalibrationDtos.Exercise;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.CategoryKey;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.questionbank.QuestionService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reference-answer exercises: interviewers rate an exercise's answers blind, then learn how far they were from the
 * experts. The experts' ratings never leave this service before an attempt is recorded. Each attempt is recorded with
 * a {@code calibration.attempted} event in the same transaction; analytics computes qualification from those events.
 */
@ApplicationScoped
public class CalibrationService {

    @Inject
    QuestionService questions;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /** The exercises offered (of one category, or all), with how often {@code username} took each. */
    public List<Exercise> exercises(String category, String username) {
        String key = CategoryKey.filter(category);
        List<CalibrationExercise> found = key == null
                ? CalibrationExercise.list("retired = false order by category, position")
                : CalibrationExercise.list("retired = false and category = ?1 order by position", key);
        if (found.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = found.stream().map(e -> e.id).toList();
        Map<UUID, List<Answer>> answers = new HashMap<>();
        CalibrationAnswer.<CalibrationAnswer> list("exerciseId in ?1 order by ordinal", ids)
                .forEach(a -> answers.computeIfAbsent(a.exerciseId, k -> new ArrayList<>()).add(new Answer(a.id, a.text)));
        Map<UUID, Integer> attempts = new HashMap<>();
        CalibrationAttempt.<CalibrationAttempt> list("username = ?1 and exerciseId in ?2", username, ids)
                .forEach(a -> attempts.merge(a.exerciseId, 1, Integer::sum));
        return found.stream().map(e -> new Exercise(e.id, e.questionKey, e.category, e.questionText,
                questions.currentByKey(e.questionKey).map(QuestionService.PinnedQuestion::rubric).orElse(null),
                answers.getOrDefault(e.id, List.of()), attempts.getOrDefault(e.id, 0))).toList();
    }

    /** One exercise for the page that takes it; 404 when it does not exist or is retired. */
    public Exercise exercise(UUID id, String username) {
        CalibrationExercise e = CalibrationExercise.findById(id);
        if (e == null || e.retired) {
            throw ProblemException.notFound("Exercise " + id);
        }
        return exercises(e.category, username).stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Exercise " + id));
    }

    /**
     * Records an attempt: every answer rated exactly once, 1–5. Returns the agreement with the experts and, only now,
     * their ratings and reasons. Only the first attempt of an exercise counts toward qualification.
     */
    @Transactional
    public AttemptResult attempt(UUID exerciseId, AttemptInput input, String username) {
        CalibrationExercise exercise = CalibrationExercise.findById(exerciseId);
        if (exercise == null || exercise.retired) {
            throw ProblemException.notFound("Exercise " + exerciseId);
        }
        Map<UUID, CalibrationAnswer> answers = new LinkedHashMap<>();
        CalibrationAnswer.<CalibrationAnswer> list("exerciseId = ?1 order by ordinal", exerciseId)
                .forEach(a -> answers.put(a.id, a));
        Map<UUID, Integer> given = ratings(input, answers);
        boolean first = CalibrationAttempt.count("exerciseId = ?1 and username = ?2", exerciseId, username) == 0;

        List<AnswerFeedback> feedback = new ArrayList<>();
        List<SessionEvent.CalibrationAttempted.AnswerRating> eventRatings = new ArrayList<>();
        List<List<Integer>> units = new ArrayList<>();
        double deviation = 0;
        for (CalibrationAnswer a : answers.values()) {
            int rating = given.get(a.id);
            feedback.add(new AnswerFeedback(a.id, a.text, rating, a.expertRating, rating - a.expertRating, a.reason));
            eventRatings.add(new SessionEvent.CalibrationAttempted.AnswerRating(a.key, rating, a.expertRating));
            units.add(List.of(rating, a.expertRating));
            deviation += Math.abs(rating - a.expertRating);
        }
        double alpha = KrippendorffAlpha.interval(units).alpha();
        Double alphaOrNull = Double.isNaN(alpha) ? null : Math.round(alpha * 10_000) / 10_000.0;
        double mad = Math.round(deviation / answers.size() * 1_000) / 1_000.0;

        Instant now = clock.instant();
        CalibrationAttempt attempt = new CalibrationAttempt();
        attempt.id = UUID.randomUUID();
        attempt.exerciseId = exerciseId;
        attempt.username = username;
        attempt.createdAt = now;
        attempt.alpha = alphaOrNull;
        attempt.mad = mad;
        try {
            attempt.ratings = json.writeValueAsString(feedback);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the feedback", e);
        }
        attempt.persist();
        outbox.record(new SessionEvent.CalibrationAttempted(attempt.id, username, exerciseId, exercise.questionKey,
                exercise.category, eventRatings, now), 1);
        return new AttemptResult(attempt.id, exerciseId, exercise.questionKey, now, alphaOrNull, mad, first, feedback);
    }

    private static Map<UUID, Integer> ratings(AttemptInput input, Map<UUID, CalibrationAnswer> answers) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<UUID, Integer> given = new HashMap<>();
        for (int i = 0; i < input.ratings().size(); i++) {
            AnswerRating r = input.ratings().get(i);
            String field = "ratings[" + i + "]";
            BigDecimal value = r.rating();
            if (!answers.containsKey(r.answerId())) {
                errors.add(new Problem.FieldError(field + ".answerId", "not an answer of this exercise"));
            } else if (given.containsKey(r.answerId())) {
                errors.add(new Problem.FieldError(field + ".answerId", "this answer is rated twice"));
            } else if (value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.ONE) < 0
                    || value.compareTo(BigDecimal.valueOf(5)) > 0) {
                errors.add(new Problem.FieldError(field + ".rating", "must be a whole number from 1 to 5"));
            } else {
                given.put(r.answerId(), value.intValueExact());
            }
        }
        if (errors.isEmpty() && given.size() < answers.size()) {
            errors.add(new Problem.FieldError("ratings", "rate every answer: " + (answers.size() - given.size())
                    + " of " + answers.size() + " have no rating"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).message()
                    : "The attempt is not complete or valid",
                    errors);
        }
        return given;
    }
}

package org.interviewpanel.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What scoring holds about a session's candidate, for the privacy export and erasure (implemented by scoring, which
 * owns the ratings and scorecards; sessions do not read scoring's tables).
 */
public interface CandidateData {

    record RatingRecord(String panelist, int position, Integer rating, String note, Instant updatedAt) {
    }

    record ScorecardRecord(String panelist, String recommendation, String summary, Instant submittedAt) {
    }

    List<RatingRecord> ratings(UUID sessionId);

    List<ScorecardRecord> scorecards(UUID sessionId);

    /** Removes the free text written about the candidate (rating notes, scorecard summaries); keeps the values. */
    void eraseFreeText(UUID sessionId);
}

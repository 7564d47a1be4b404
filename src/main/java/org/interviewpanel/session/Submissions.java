package org.interviewpanel.session;

import java.util.Set;
import java.util.UUID;

/**
 * Which panelists have submitted their scorecard. Implemented by the scoring feature, which depends on sessions (not
 * the other way round).
 */
public interface Submissions {

    Set<String> submitted(UUID sessionId);
}

package org.interviewpanel.scoring;

/** A panelist's overall recommendation on their scorecard. */
public enum Recommendation {
    STRONG_NO,
    NO,
    YES,
    STRONG_YES
}

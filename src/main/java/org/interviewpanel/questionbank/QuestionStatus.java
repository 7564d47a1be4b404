package org.interviewpanel.questionbank;

/** Whether a question may be added to new sets (ACTIVE) or only read (RETIRED). */
public enum QuestionStatus {
    ACTIVE,
    RETIRED
}

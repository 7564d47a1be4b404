package org.interviewpanel.kernel;

import java.util.List;

/** Thrown by services for a client's mistake; mapped to problem+json with the type's status. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.problem = Problem.of(type, detail, errors);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException field(ProblemType type, String field, String message) {
        return new ProblemException(type, field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }
}

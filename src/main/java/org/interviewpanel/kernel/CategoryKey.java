package org.interviewpanel.kernel;

import java.util.List;
import java.util.regex.Pattern;

/** A category key as filters take it ({@code bank/category}, e.g. kafka/replication): checked once, here. */
public final class CategoryKey {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*");

    private CategoryKey() {
    }

    /** The key, stripped; null when none was given; a 400 problem naming {@code category} when it is not a key. */
    public static String filter(String category) {
        if (category == null || category.isBlank()) {
            return null;
        }
        if (!KEY.matcher(category.strip()).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "category: a category key such as kafka/replication",
                    List.of(new Problem.FieldError("category", "a category key such as kafka/replication")));
        }
        return category.strip();
    }
}

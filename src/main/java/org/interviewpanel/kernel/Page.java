package org.interviewpanel.kernel;

import java.util.List;

/** One page of a list, and how many there are in all. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return page < pages();
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public int next() {
        return page + 1;
    }

    public int previous() {
        return page - 1;
    }
}

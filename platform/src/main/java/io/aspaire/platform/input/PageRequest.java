package io.aspaire.platform.input;

import io.aspaire.platform.errors.BadRequestException;

/**
 * One page of a list, the same on every service and transport: {@code page} counts from 0, {@code size} is between 1
 * and the list's maximum. A missing (null) page is 0 and a missing size is the list's default. The offset
 * {@code page * size} is computed in long and must stay within what a database can skip (an int): a page beyond that
 * is a 400, not an overflowed negative offset (which was a 500) nor a silently clamped page 0.
 */
public record PageRequest(int page, int size) {

    /** The largest offset a query may skip (PostgreSQL and MongoDB take an int). */
    public static final long MAX_OFFSET = Integer.MAX_VALUE;

    public static PageRequest of(Integer page, Integer size, int defaultSize, int maxSize) {
        int p = page == null ? 0 : page;
        int s = size == null ? defaultSize : size;
        if (p < 0) {
            throw new BadRequestException("page must be 0 or more (got " + p + ")");
        }
        if (s < 1 || s > maxSize) {
            throw new BadRequestException("size must be between 1 and " + maxSize + " (got " + s + ")");
        }
        if ((long) p * s + s > MAX_OFFSET) {
            throw new BadRequestException("page " + p + " of size " + s + " is beyond the last addressable page ("
                    + (MAX_OFFSET / s - 1) + ")");
        }
        return new PageRequest(p, s);
    }

    /** The number of items before this page; never overflows (checked in {@link #of}). */
    public int offset() {
        return page * size;
    }
}

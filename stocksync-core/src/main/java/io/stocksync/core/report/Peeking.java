package io.stocksync.core.report;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that can show its next element without taking it. Not thread-safe. */
final class Peeking<T> {
  private final Iterator<? extends T> source;
  private T next;

  Peeking(Iterator<? extends T> source) {
    this.source = source;
    this.next = source.hasNext() ? source.next() : null;
  }

  /** The next element, or null at the end. */
  T peek() {
    return next;
  }

  T take() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    T taken = next;
    next = source.hasNext() ? source.next() : null;
    return taken;
  }
}

package io.stocksync.store;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small pool of long-lived sessions (a connection and the statements prepared on it), so that
 * statements are prepared once per connection rather than once per call. Sessions are created on
 * demand up to {@code max}; a caller beyond that waits for one to be released. A session that
 * failed in a way that may have broken its connection is {@linkplain #discard discarded} and
 * replaced by a fresh one on a later {@link #acquire}.
 *
 * <p>Thread-safe.
 */
final class SessionPool<S extends SessionPool.Session> implements AutoCloseable {

  /** Something pooled: closing it releases its connection. */
  interface Session extends AutoCloseable {
    @Override
    void close();
  }

  /** Opens a new session. */
  @FunctionalInterface
  interface Factory<S> {
    S open() throws SQLException;
  }

  private final Factory<S> factory;
  private final int max;
  private final Deque<S> idle = new ArrayDeque<>();
  private int open;
  private boolean closed;

  SessionPool(Factory<S> factory, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be 1 or more");
    }
    this.factory = factory;
    this.max = max;
  }

  /** An idle session, a new one, or the next one released; never null. */
  S acquire() throws SQLException {
    synchronized (this) {
      while (true) {
        if (closed) {
          throw new SQLException("the store is closed");
        }
        S session = idle.pollFirst();
        if (session != null) {
          return session;
        }
        if (open < max) {
          open++;
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting for a connection", e);
        }
      }
    }
    try {
      return factory.open();
    } catch (SQLException | RuntimeException e) {
      synchronized (this) {
        open--;
        notifyAll();
      }
      throw e;
    }
  }

  /** Returns a healthy session for reuse. */
  void release(S session) {
    synchronized (this) {
      if (!closed) {
        idle.addFirst(session);
        notifyAll();
        return;
      }
      open--;
    }
    session.close();
  }

  /** Closes a session that must not be reused and frees its place. */
  void discard(S session) {
    synchronized (this) {
      open--;
      notifyAll();
    }
    session.close();
  }

  /** Closes the idle sessions now and the others as they are released. */
  @Override
  public void close() {
    Deque<S> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      open -= idle.size();
      idle.clear();
      notifyAll();
    }
    for (S session : toClose) {
      session.close();
    }
  }
}

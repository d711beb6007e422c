package io.stocksync.server.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.SimulationResult;

/**
 * {@code simulate --json}: the figures as one JSON document, in exactly the shape of the contract:
 * {@code {"events","policies":[{"policy":{…},"syncs",…}],"baselines":[{"name","syncs",…}]}}.
 */
public final class SimulationJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SimulationJson() {}

  /** The document for {@code c}, pretty-printed. */
  public static String render(Comparison c) {
    ObjectNode root = JSON.createObjectNode();
    root.put("events", c.events());
    ArrayNode policies = root.putArray("policies");
    for (SimulationResult r : c.policies()) {
      ObjectNode o = policies.addObject();
      SyncPolicy p = r.policy();
      ObjectNode policy = o.putObject("policy");
      policy.put("threshold", p.threshold());
      policy.put("batchSize", p.batchSize());
      policy.put("significantQuantity", p.significantQuantity());
      policy.put("maxStalenessSeconds", p.maxStalenessSeconds());
      figures(o, r);
    }
    ArrayNode baselines = root.putArray("baselines");
    for (SimulationResult r : c.baselines()) {
      ObjectNode o = baselines.addObject();
      o.put("name", r.name());
      figures(o, r);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void figures(ObjectNode o, SimulationResult r) {
    o.put("syncs", r.syncs());
    o.put("pushes", r.pushes());
    o.put("calls", r.calls());
    o.put("maxOverstatement", r.maxOverstatement());
    o.put("p99Overstatement", r.p99Overstatement());
    o.put("overstatementUnitSeconds", Math.round(r.overstatementUnitSeconds() * 1000) / 1000.0);
  }
}

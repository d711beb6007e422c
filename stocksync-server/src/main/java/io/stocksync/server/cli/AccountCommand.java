package io.stocksync.server.cli;

import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.account.ApiKeys;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stocksync account ...}: accounts and their API keys, straight in the store, whether or not
 * a server runs on it. A key is printed once, alone on the last line; only its hash is stored.
 */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description = "Create accounts and manage their API keys.",
    subcommands = {
      AccountCommand.Create.class,
      AccountCommand.ListAccounts.class,
      AccountCommand.Key.class
    })
final class AccountCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The stores an account command works on. */
  private record Stores(ServerConfig config, LedgerRepository ledger, ApiKeyRepository keys)
      implements AutoCloseable {
    static Stores open(ConfigOptions options) {
      ServerConfig config = options.resolve(Map.of());
      LedgerRepository ledger = LedgerRepositories.open(config.db());
      try {
        return new Stores(config, ledger, ApiKeyRepository.open(config.db()));
      } catch (RuntimeException e) {
        ledger.close();
        throw e;
      }
    }

    Accounts accounts() {
      return new Accounts(ledger, keys, Clock.systemUTC());
    }

    @Override
    public void close() {
      keys.close();
      ledger.close();
    }
  }

  private static void printKey(PrintWriter out, ApiKeys.NewKey key) {
    out.println("key " + key.keyId() + " (shown once: store it now; revoke it with its id)");
    out.println(key.key());
    out.flush();
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create an account; prints the store it wrote to, then its first key alone on the last"
              + " line.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "NAME", description = "The seller's name, for people.")
    String name;

    @Override
    public Integer call() {
      if (name.isBlank()) {
        throw new UserMistake("NAME is blank: an account needs a name people recognise");
      }
      try (Stores stores = Stores.open(options)) {
        Accounts.Created created;
        try {
          created = stores.accounts().create(name);
        } catch (IllegalArgumentException refused) {
          // A name the store could not hold is a usage error naming the parameter, not a crash.
          throw new CommandLine.ParameterException(
              spec.commandLine(), "Invalid value for NAME: " + refused.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("account " + created.accountId() + " created for \"" + name.strip() + "\"");
        out.println("stored in " + stores.config().storeDescription());
        printKey(out, created.key());
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts.")
  static final class ListAccounts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      try (Stores stores = Stores.open(options)) {
        PrintWriter out = spec.commandLine().getOut();
        for (ApiKeyRepository.Account a : stores.keys().accounts()) {
          out.printf("%s\t%s\t%s%n", a.id(), a.createdAt(), a.name());
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(
      name = "key",
      mixinStandardHelpOptions = true,
      description = "Add, revoke or list an account's keys (rotate: add, switch clients, revoke).",
      subcommands = {Key.Add.class, Key.Revoke.class, Key.ListKeys.class})
  static final class Key implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = "Add a key; prints it alone on the last line.")
    static final class Add implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ConfigOptions options;

      @Parameters(paramLabel = "ACCOUNT", description = "The account id (acc_...).")
      String account;

      @Override
      public Integer call() {
        try (Stores stores = Stores.open(options)) {
          Optional<ApiKeys.NewKey> key = stores.accounts().addKey(account);
          if (key.isEmpty()) {
            throw new UserMistake("no account " + account);
          }
          printKey(spec.commandLine().getOut(), key.get());
          return 0;
        }
      }
    }

    @Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke a key: it authenticates nothing from then on.")
    static final class Revoke implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ConfigOptions options;

      @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account id (acc_...).")
      String account;

      @Parameters(index = "1", paramLabel = "KEY_ID", description = "The key's id (key_...).")
      String keyId;

      @Override
      public Integer call() {
        try (Stores stores = Stores.open(options)) {
          if (!stores.accounts().revokeKey(account, keyId)) {
            throw new UserMistake("account " + account + " has no active key " + keyId);
          }
          spec.commandLine().getOut().println("revoked " + keyId);
          return 0;
        }
      }
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List an account's keys (ids only).")
    static final class ListKeys implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ConfigOptions options;

      @Parameters(paramLabel = "ACCOUNT", description = "The account id (acc_...).")
      String account;

      @Override
      public Integer call() {
        try (Stores stores = Stores.open(options)) {
          PrintWriter out = spec.commandLine().getOut();
          for (ApiKeyRepository.ApiKey k : stores.keys().keys(account)) {
            out.printf(
                "%s\tcreated %s\t%s%n",
                k.keyId(), k.createdAt(), k.active() ? "active" : "revoked " + k.revokedAt());
          }
          out.flush();
          return 0;
        }
      }
    }
  }
}

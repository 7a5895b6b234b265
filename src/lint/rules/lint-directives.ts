// The directive rules by role, for the engine that reports them.
import badDirective from "./lint-bad-directive.js";
import noReason from "./lint-no-reason.js";
import unknownRule from "./lint-unknown-rule.js";
import unsuppressible from "./lint-unsuppressible.js";
import unusedSuppression from "./lint-unused-suppression.js";

export const directiveRules = { badDirective, noReason, unknownRule, unsuppressible, unusedSuppression };

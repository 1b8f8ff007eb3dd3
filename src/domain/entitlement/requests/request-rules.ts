import { JUSTIFICATION_MAX_LENGTH } from '../../limits';
import type { ErrorDetail } from '../../errors';
import { burstLimit, type BucketLimit } from '../../token-bucket';
import type { AssignmentPolicy, Expiration, Question } from '../policy';
import type { Answer } from './model';
import { isPositive, parseDuration } from '../duration';
import { outlastsPolicy } from './schedule';

/** The checks a request's own content must pass; each broken rule names the body field it concerns. */

/** Self-service requests one requestor (address or user) may submit: 5 per 10 minutes, bursts allowed. */
export const REQUESTS_PER_REQUESTOR = { count: 5, periodSeconds: 600 } as const;
/** Self-service requests one access package accepts from everyone together: 100 per hour. */
export const REQUESTS_PER_PACKAGE = { count: 100, periodSeconds: 3_600 } as const;
/** How far in the past a custom start may lie (clocks of callers differ). */
export const START_SKEW_MS = 5 * 60_000;

export const requestorLimits: readonly BucketLimit[] = [burstLimit('requestor', REQUESTS_PER_REQUESTOR.count, REQUESTS_PER_REQUESTOR.periodSeconds)];
export const packageLimits: readonly BucketLimit[] = [burstLimit('package', REQUESTS_PER_PACKAGE.count, REQUESTS_PER_PACKAGE.periodSeconds)];

/**
 * Checks answers against the policy's questions and turns them into stored answers (with the
 * question text). `enforceRequired` is off for administrators' requests: Graph does not make them
 * answer the requestor's questions.
 */
export function checkAnswers(
  questions: readonly Question[],
  given: readonly { questionId: string; value: string }[],
  enforceRequired: boolean,
): { answers: Answer[]; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const answers: Answer[] = [];
  const seen = new Set<string>();
  given.forEach((answer, i) => {
    const at = `answers[${i}]`;
    const question = questions.find((q) => q.id === answer.questionId);
    if (!question) return void problems.push({ target: `${at}.answeredQuestion.id`, message: 'the policy has no such question.' });
    if (seen.has(question.id)) return void problems.push({ target: `${at}.answeredQuestion.id`, message: 'each question may be answered once.' });
    seen.add(question.id);
    if (answer.value.length > JUSTIFICATION_MAX_LENGTH) return void problems.push({ target: `${at}.value`, message: `must be at most ${JUSTIFICATION_MAX_LENGTH} characters.` });
    const problem = question.type === 'text' ? textProblem(question, answer.value) : choiceProblem(question, answer.value);
    if (problem) return void problems.push({ target: `${at}.value`, message: problem });
    if (answer.value.trim() !== '') answers.push({ questionId: question.id, value: answer.value, displayValue: question.text });
  });
  if (enforceRequired) {
    for (const question of [...questions].sort((a, b) => a.sequence - b.sequence)) {
      if (question.isRequired && !answers.some((a) => a.questionId === question.id)) {
        problems.push({ target: 'answers', message: `the question '${question.text}' (${question.id}) requires an answer.` });
      }
    }
  }
  return { answers, problems };
}

function textProblem(question: Extract<Question, { type: 'text' }>, value: string): string | undefined {
  if (question.isSingleLineQuestion && /[\r\n]/.test(value)) return 'must be a single line.';
  if (!question.regexPattern || value === '') return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${question.regexPattern})$`, 'u');
  } catch {
    // A pattern the policy could not compile checks nothing rather than refusing everyone.
    return undefined;
  }
  return pattern.test(value) ? undefined : 'does not have the format the question asks for.';
}

function choiceProblem(question: Extract<Question, { type: 'multipleChoice' }>, value: string): string | undefined {
  if (value === '') return undefined;
  const chosen = value.split('\n');
  if (chosen.length > 1 && !question.allowsMultipleSelection) return 'only one choice may be selected.';
  const unknown = chosen.find((c) => !question.choices.some((choice) => choice.actualValue === c));
  return unknown === undefined ? undefined : `'${unknown}' is not one of the choices.`;
}

export function justificationProblems(justification: string | null): ErrorDetail[] {
  if (justification !== null && justification.length > JUSTIFICATION_MAX_LENGTH) {
    return [{ target: 'justification', message: `must be at most ${JUSTIFICATION_MAX_LENGTH} characters.` }];
  }
  return [];
}

/**
 * The schedule a request runs on: the policy's from now, or a custom one where allowed
 * (`selfService` requests need `allowCustomAssignmentSchedule`; administrators may always choose),
 * never starting in the past nor lasting longer than the policy allows.
 */
export function resolveSchedule(
  policy: AssignmentPolicy,
  custom: { startDateTime: string | null; expiration: Expiration | null } | null,
  selfService: boolean,
  now: Date,
): { schedule: { startDateTime: string; expiration: Expiration }; problems: ErrorDetail[] } {
  const fallback = { startDateTime: now.toISOString(), expiration: policy.expiration };
  if (!custom || (custom.startDateTime === null && custom.expiration === null)) return { schedule: fallback, problems: [] };
  if (selfService && !policy.requestorSettings.allowCustomAssignmentSchedule) {
    return { schedule: fallback, problems: [{ target: 'assignment.schedule', message: 'the policy does not let requestors choose their schedule.' }] };
  }
  const problems: ErrorDetail[] = [];
  const start = custom.startDateTime === null ? now : new Date(custom.startDateTime);
  if (Number.isNaN(start.getTime())) problems.push({ target: 'assignment.schedule.startDateTime', message: 'must be an ISO 8601 date and time.' });
  else if (start.getTime() < now.getTime() - START_SKEW_MS) problems.push({ target: 'assignment.schedule.startDateTime', message: 'must not be in the past.' });
  const expiration = custom.expiration ?? policy.expiration;
  if (expiration.type === 'afterDateTime' && (expiration.endDateTime === null || !(Date.parse(expiration.endDateTime) > start.getTime()))) {
    problems.push({ target: 'assignment.schedule.expiration.endDateTime', message: 'must be after the start.' });
  } else if (expiration.type === 'afterDuration' && !validDuration(expiration.duration)) {
    problems.push({ target: 'assignment.schedule.expiration.duration', message: 'must be a positive ISO 8601 duration.' });
  } else if (problems.length === 0 && outlastsPolicy(start, expiration, policy.expiration)) {
    problems.push({ target: 'assignment.schedule.expiration', message: 'must not last longer than the policy allows.' });
  }
  const startAt = Number.isNaN(start.getTime()) || start.getTime() < now.getTime() ? now : start;
  return { schedule: { startDateTime: startAt.toISOString(), expiration }, problems };
}

function validDuration(text: string | null): boolean {
  const duration = text === null ? undefined : parseDuration(text);
  return duration !== undefined && isPositive(duration);
}

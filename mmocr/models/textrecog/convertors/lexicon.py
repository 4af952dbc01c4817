"""Lexicon correction of greedy CTC readings, scored by the model itself."""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import check_file_exist, list_from_file, repo_path

__all__ = ['CTCLexicon', 'ctc_align_scores', 'WORD_PATTERN']

# a word: a run of ASCII letters (the unit the lexicon corrects)
WORD_PATTERN = re.compile(r'[A-Za-z]+')


def ctc_align_scores(log_probs: torch.Tensor, target: Sequence[int],
                     blank: int = 0) -> list[float]:
    """Per-character probabilities of ``target`` along its most likely CTC
    alignment (Viterbi), as greedy decoding reports them: the probability of
    each character at the first step it is emitted.

    Args:
        log_probs: Log-probabilities ``(T, C)`` of one image.
        target: Class indexes ``(L,)``, no blank; ``L`` >= 1.
        blank: The blank class.

    Returns:
        ``L`` probabilities; all 0 when no alignment fits in ``T`` steps.
    """
    lp = log_probs.detach().float().cpu().numpy()
    labels = np.full(2 * len(target) + 1, blank, dtype=np.int64)
    labels[1::2] = target
    num_states = labels.size
    # a state may come from itself, the previous state, or skip a blank
    # between two different characters
    can_skip = np.zeros(num_states, dtype=bool)
    can_skip[3::2] = labels[3::2] != labels[1:-2:2]
    score = np.full(num_states, -np.inf)
    score[:2] = lp[0, labels[:2]]
    back = np.zeros((lp.shape[0], num_states), dtype=np.int64)
    states = np.arange(num_states)
    for t in range(1, lp.shape[0]):
        stay = score
        step = np.concatenate(([-np.inf], score[:-1]))
        skip = np.where(can_skip, np.concatenate(([-np.inf] * 2, score[:-2])),
                        -np.inf)
        options = np.stack([stay, step, skip])
        choice = options.argmax(axis=0)
        back[t] = states - choice
        score = options[choice, states] + lp[t, labels]
    last = num_states - 1 if score[-1] >= score[-2] else num_states - 2
    if not np.isfinite(score[last]):
        return [0.0] * len(target)
    path = [last]
    for t in range(lp.shape[0] - 1, 0, -1):
        path.append(back[t, path[-1]])
    path = path[::-1]
    probs = [0.0] * len(target)
    for t, state in enumerate(path):
        first = t == 0 or path[t - 1] != state
        if state % 2 and first:
            probs[state // 2] = float(np.exp(lp[t, labels[state]]))
    return probs


class CTCLexicon:
    """Replace the out-of-lexicon words of a greedy CTC reading with near
    lexicon words that the model finds almost as likely.

    Every run of letters of the reading (at least ``min_word_len``) that is
    not in the lexicon (compared in upper case) gets as candidates the
    lexicon words within Levenshtein distance 1 (words up to 5 letters) or 2
    (longer ones). Each candidate line (the word replaced, in the reading's
    case) is scored by its CTC negative log-likelihood under the model's
    output, ``-log P(line | image)`` summed over all alignments; the best
    candidate replaces the word when its NLL exceeds the current line's by
    less than ``max_nll_gap`` nats. A confident reading is thus kept (a
    changed character costs many nats), an uncertain one snaps to the
    lexicon. Replaced characters get their probabilities along the new
    line's best alignment (:func:`ctc_align_scores`).

    Args:
        lexicon_file: Words, one per line (blank lines and lines starting
            with ``#`` ignored); a relative path is also looked up from the
            repository root (:func:`~mmocr.utils.fileio.repo_path`).
        max_nll_gap: Largest NLL increase (nats) a correction may cost.
        min_word_len: Shorter words are never corrected.
        max_candidates: Lexicon words scored per word.
    """

    def __init__(self, lexicon_file: str, max_nll_gap: float = 5.0,
                 min_word_len: int = 3, max_candidates: int = 8):
        if max_nll_gap < 0 or min_word_len < 1 or max_candidates < 1:
            raise InvalidValueError(
                'CTCLexicon needs max_nll_gap >= 0, min_word_len >= 1 and '
                f'max_candidates >= 1, got {max_nll_gap}, {min_word_len}, '
                f'{max_candidates}')
        path = repo_path(lexicon_file)
        check_file_exist(path, 'lexicon_file "{}" does not exist (looked up '
                         'from the working folder, then the repository root)')
        words = {w.strip().upper() for w in list_from_file(path)
                 if w.strip() and not w.startswith('#')}
        bad = sorted(w for w in words if not WORD_PATTERN.fullmatch(w))[:3]
        if bad:
            raise InvalidValueError(f'{path}: lexicon words are runs of letters, '
                                    f'got {bad}')
        if not words:
            raise InvalidValueError(f'{path}: empty lexicon')
        self.words = sorted(words)
        self._word_set = words
        self.max_nll_gap = float(max_nll_gap)
        self.min_word_len = min_word_len
        self.max_candidates = max_candidates

    def candidates(self, word: str) -> list[str]:
        """Lexicon words near ``word`` (not in the lexicon), closest first,
        in ``word``'s case (lower case only for an all-lower-case word)."""
        upper = word.upper()
        found = process.extract(
            upper, self.words, scorer=Levenshtein.distance,
            score_cutoff=1 if len(upper) <= 5 else 2,
            limit=self.max_candidates)
        return [w.lower() if word.islower() else w for w, _, _ in found]

    @staticmethod
    def _nll(log_probs: torch.Tensor, targets: list[list[int]]) -> list[float]:
        steps = log_probs.shape[0]
        lp = log_probs[:, None, :].expand(steps, len(targets), -1)
        flat = torch.tensor([i for t in targets for i in t], dtype=torch.long)
        return F.ctc_loss(
            lp, flat, torch.full((len(targets), ), steps, dtype=torch.long),
            torch.tensor([len(t) for t in targets], dtype=torch.long),
            blank=0, reduction='none').tolist()

    def correct(self, log_probs: torch.Tensor, text: str,
                scores: Sequence[float], convertor) -> tuple[str, list[float]]:
        """Correct one reading.

        Args:
            log_probs: Log-probabilities ``(T, C)`` of the image's valid
                steps (blank is class 0, as in :class:`CTCConvertor`).
            text: The greedy reading.
            scores: Its per-character probabilities.
            convertor: The model's CTC convertor (``str2idx``).

        Returns:
            ``(text, scores)``, unchanged when no word was replaced.
        """
        log_probs = log_probs.detach().float().cpu()
        changed = False
        for match in reversed(list(WORD_PATTERN.finditer(text))):
            word = match.group(0)
            if (len(word) < self.min_word_len
                    or word.upper() in self._word_set):
                continue
            lines = [text] + [text[:match.start()] + w + text[match.end():]
                              for w in self.candidates(word)]
            if len(lines) == 1:
                continue
            nll = self._nll(log_probs, convertor.str2idx(lines))
            best = 1 + int(np.argmin(nll[1:]))
            if nll[best] - nll[0] < self.max_nll_gap:
                text, changed = lines[best], True
        if not changed:
            return text, list(scores)
        target = convertor.str2idx([text])[0]
        return text, ctc_align_scores(log_probs, target) if target else []

    def __call__(self, logits: torch.Tensor, valid_steps: Sequence[int],
                 texts: Sequence[str], scores: Sequence[Sequence[float]],
                 convertor) -> tuple[list[str], list[list[float]]]:
        """Correct a batch: ``logits`` ``(N, T, C)``, the number of valid
        steps of each image, and its greedy ``texts``/``scores``."""
        log_probs = F.log_softmax(logits.detach().float(), dim=2)
        out_texts, out_scores = [], []
        for b, (text, score) in enumerate(zip(texts, scores)):
            text, score = self.correct(log_probs[b, :valid_steps[b]], text,
                                       score, convertor)
            out_texts.append(text)
            out_scores.append(score)
        return out_texts, out_scores

from .ner_classifier import NerClassifier

__all__ = ['NerClassifier']

from .ner_convertor import NerConvertor

__all__ = ['NerConvertor']

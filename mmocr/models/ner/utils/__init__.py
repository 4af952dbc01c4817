from .bert import BertModel, convert_bert_state_dict, get_activation

__all__ = ['BertModel', 'convert_bert_state_dict', 'get_activation']

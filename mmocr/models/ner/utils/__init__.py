from .activations import GeluNew
from .bert import BertModel, convert_bert_state_dict, get_activation

__all__ = ['BertModel', 'GeluNew', 'convert_bert_state_dict', 'get_activation']

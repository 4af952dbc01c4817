from .abi_fuser import ABIFuser

__all__ = ['ABIFuser']

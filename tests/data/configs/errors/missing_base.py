_base_ = ['./does_not_exist.py']
a = 1

_base_ = ['../_base_/schedule.py', '../_base_/schedule.py']
